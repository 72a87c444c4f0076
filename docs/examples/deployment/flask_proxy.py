"""A Flask WSGI entry point behind one reverse proxy (nginx, a load balancer) using ProxyFix."""

from flask import Flask, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

# Served by a WSGI server, e.g.: gunicorn -w 4 'flask_proxy:app'

app = Flask(__name__)

# --8<-- [start:compare]
# Trust exactly one proxy hop for X-Forwarded-For, -Proto and -Host. Only do this when
# the app is reachable solely through that proxy, or clients can forge the headers.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
# --8<-- [end:compare]


@app.get("/whoami")
def whoami() -> dict[str, str | None]:
    return {
        "client_ip": request.remote_addr,
        "scheme": request.scheme,
        "absolute_url": url_for("whoami", _external=True),
    }
