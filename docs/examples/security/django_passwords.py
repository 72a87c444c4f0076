"""Storing and checking passwords in Django with django.contrib.auth.hashers."""

from django.contrib.auth.hashers import check_password, make_password


# --8<-- [start:compare]
def hash_password(raw: str) -> str:
    # Uses the first entry of PASSWORD_HASHERS: PBKDF2-SHA256 by default,
    # giving "pbkdf2_sha256$<iterations>$<salt>$<hash>".
    return make_password(raw)


def verify_password(stored: str, attempt: str) -> bool:
    # In a real project you rarely call this: User.set_password(), User.check_password()
    # and authenticate() use it, and upgrade old hashes when the iteration count rises.
    return check_password(attempt, stored)


# --8<-- [end:compare]
