"""What can go wrong in a service, as one plain sentence for the person who asked."""

from __future__ import annotations


class ServiceError(Exception):
    """A service could not do what was asked; str() is a sentence that says what to do."""

    exit_code = 2


class BadInput(ServiceError):
    """The input (a package, a file name, an argument) is wrong; nothing was written."""

    exit_code = 2


class CheckFailed(ServiceError):
    """A check ran and found something that does not hold."""

    exit_code = 1
