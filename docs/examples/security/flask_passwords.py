"""Storing and checking passwords in a Flask app with Werkzeug's helpers."""

from werkzeug.security import check_password_hash, generate_password_hash


# --8<-- [start:compare]
def hash_password(raw: str) -> str:
    # Default method is scrypt; the result embeds method, parameters and salt:
    # "scrypt:32768:8:1$<salt>$<hash>"
    return generate_password_hash(raw)


def verify_password(stored: str, attempt: str) -> bool:
    # Compares in constant time; you still write the user model, the login view,
    # and any rate limiting yourself (or take them from Flask-Login and friends).
    return check_password_hash(stored, attempt)


# --8<-- [end:compare]
