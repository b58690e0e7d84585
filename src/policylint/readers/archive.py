"""The zip packages Word (.docx) and OpenDocument (.odt) files are, read within bounds.

Only the few XML parts the text lives in are ever read — never images or other media, however
large — and each is checked before it is inflated: a member that would inflate past
:data:`MAX_PART` bytes, or by more than :data:`MAX_RATIO` times (a zip bomb), is refused. An XML
part that declares a DTD or entities is refused before it is parsed (no document part needs
one, and entity expansion is how an XML bomb works).
"""
from __future__ import annotations

import io
import zipfile
import xml.etree.ElementTree as ET

from . import ReadError

#: The most an XML part may inflate to, and by how many times its compressed size.
MAX_PART = 64 * 1024 * 1024
MAX_RATIO = 200
#: The most XML elements a part may hold.
MAX_ELEMENTS = 2_000_000


def open_package(source: bytes | str, what: str) -> zipfile.ZipFile:
    """The zip package of a document (its bytes, or its path: then only the parts read are
    ever loaded, so a large embedded image costs nothing), or ReadError saying what the file
    is instead."""
    if isinstance(source, str):
        try:
            with open(source, "rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    else:
        head = source[:8]
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE2 compound file: encrypted, or the old .doc
        raise ReadError(f"not a {what} package: an encrypted document or an old binary format (save it "
                        f"unencrypted as {what})")
    try:
        return zipfile.ZipFile(source if isinstance(source, str) else io.BytesIO(source))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError(f"not a {what} package (not a zip file)") from None


def read_xml(package: zipfile.ZipFile, name: str, required: bool = True) -> ET.Element | None:
    """A part of the package, parsed; None when it is missing and not ``required``."""
    try:
        info = package.getinfo(name)
    except KeyError:
        if required:
            raise ReadError(f"not a complete document: it has no {name}") from None
        return None
    if info.flag_bits & 0x1:
        raise ReadError("the document is encrypted")
    if info.file_size > MAX_PART or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
        raise ReadError(f"{name} would inflate to {info.file_size:,} bytes: refused (a zip bomb?)")
    try:
        with package.open(info) as member:
            data = member.read(MAX_PART + 1)  # the header may lie about the size: read no more than the bound
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise ReadError(f"{name} cannot be read: {exc}") from None
    if len(data) > MAX_PART:
        raise ReadError(f"{name} is larger than {MAX_PART:,} bytes: refused")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ReadError(f"{name} declares a DTD or entities, which no document part needs: refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ReadError(f"{name} is not well-formed XML ({exc})") from None
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise ReadError(f"{name} has more than {MAX_ELEMENTS:,} elements: refused")
    return root
