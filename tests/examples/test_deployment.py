"""Tests for the examples on the deployment page."""

import importlib
import sys
from types import ModuleType

import pytest
from django.test import Client, override_settings
from examples.deployment import django_proxy, flask_config, flask_proxy


def test_flask_config_reads_prefixed_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("FLASK_MAX_CONTENT_LENGTH", "5000000")
    monkeypatch.setenv("FLASK_TRUSTED_HOSTS", '["shop.example.com"]')
    app = flask_config.create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["MAX_CONTENT_LENGTH"] == 5_000_000  # parsed as JSON, so an int
    assert app.config["TRUSTED_HOSTS"] == ["shop.example.com"]
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///dev.db"  # default kept


def test_flask_config_refuses_to_start_without_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="FLASK_SECRET_KEY"):
        flask_config.create_app()


def load_django_settings() -> ModuleType:
    name = "examples.deployment.django_settings"
    sys.modules.pop(name, None)
    return importlib.import_module(name)


def test_django_settings_read_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DJANGO_DEBUG", "False")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "shop.example.com,www.shop.example.com")
    monkeypatch.setenv("DJANGO_DB_HOST", "db.internal")
    settings = load_django_settings()
    assert settings.SECRET_KEY == "from-the-environment"
    assert settings.DEBUG is False
    assert settings.ALLOWED_HOSTS == ["shop.example.com", "www.shop.example.com"]
    assert settings.DATABASES["default"]["HOST"] == "db.internal"


def test_django_settings_refuse_to_load_without_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(KeyError, match="DJANGO_SECRET_KEY"):
        load_django_settings()


PROXY_HEADERS = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "shop.example.com",
}


def test_flask_proxy_fix_trusts_forwarded_headers() -> None:
    response = flask_proxy.app.test_client().get("/whoami", headers=PROXY_HEADERS)
    assert response.get_json() == {
        "client_ip": "203.0.113.7",
        "scheme": "https",
        "absolute_url": "https://shop.example.com/whoami",
    }


@override_settings(
    ROOT_URLCONF=django_proxy.__name__,
    ALLOWED_HOSTS=["shop.example.com"],
    SECURE_PROXY_SSL_HEADER=django_proxy.SECURE_PROXY_SSL_HEADER,
    USE_X_FORWARDED_HOST=django_proxy.USE_X_FORWARDED_HOST,
)
def test_django_proxy_settings_trust_forwarded_headers() -> None:
    response = Client(headers=PROXY_HEADERS).get("/whoami/", REMOTE_ADDR="10.0.0.2")
    assert response.json() == {
        "client_ip": "10.0.0.2",  # the proxy, not the client
        "scheme": "https",
        "absolute_url": "https://shop.example.com/whoami/",
    }


@override_settings(ROOT_URLCONF=django_proxy.__name__)
def test_django_rejects_unknown_host() -> None:
    response = Client().get("/whoami/", headers={"Host": "evil.example"})
    assert response.status_code == 400
