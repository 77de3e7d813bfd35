"""Errors the memory store raises on purpose."""

from __future__ import annotations

from hub.errors import HearthError


class MemoryStoreError(HearthError):
    """Base class for household-memory errors."""


class EmbedderUnavailableError(MemoryStoreError):
    """The shipped embedding model is missing, incomplete or fails its checksum."""


class MemoryNotFoundError(MemoryStoreError):
    """No memory with that id is visible to the person asking."""


class InvalidMemoryError(MemoryStoreError):
    """A memory, member or import record has a value the store cannot keep."""


class MemberNotFoundError(MemoryStoreError):
    """No household member with that id."""
