"""Fetching a URL for `source add`: http(s) only, a timeout, a size cap, redirects
followed by hand (so the final URL is known), and one-line errors.

urllib3 comes with the ``import`` extra (trafilatura depends on it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

from mali_facts.errors import SourceError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
MAX_REDIRECTS = 10
# What `source add` can read, by media type.
MEDIA_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "text",
}
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


@dataclass
class Fetched:
    """The body of a successful GET and what the server said about it."""

    url: str            # the URL asked for
    final_url: str      # after redirects
    data: bytes
    media_type: str     # e.g. text/html (no parameters)
    charset: Optional[str]
    redirects: int


def is_url(spec: str) -> bool:
    """Does ``spec`` look like a URL rather than a path?

    >>> is_url("https://example.org/a"), is_url("page.html"), is_url("ftp://x/y")
    (True, False, True)
    """
    scheme = urlsplit(spec).scheme
    return len(scheme) > 1 and "://" in spec


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL with a host.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    mali_facts.errors.SourceError: file:///etc/passwd: only http and https URLs can be fetched (save the document and add the file instead)
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise SourceError("only http and https URLs can be fetched", path=url,
                          hint="save the document and add the file instead")
    if not parts.hostname:
        raise SourceError("the URL has no host name", path=url, hint="check the address")


def _media_type(header: Optional[str]) -> "tuple[str, Optional[str]]":
    """(``type/subtype``, charset) of a Content-Type header.

    >>> _media_type("Text/HTML; charset=ISO-8859-1")
    ('text/html', 'iso-8859-1')
    """
    if not header:
        return "", None
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower() or None
    return kind.strip().lower(), charset


def _user_agent() -> str:
    from mali_facts import __version__

    return f"mali-facts/{__version__} (source add; +https://pypi.org/project/mali-facts/)"


def fetch(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
          timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET ``url``; raise :class:`SourceError` with one line for every failure.

    ``timeout`` bounds the connection, each read, and the whole download.
    """
    from mali_facts.importer.extract import require

    urllib3 = require("urllib3", "fetching a URL")
    from urllib3 import exceptions as ux

    check_url(url)
    headers = {"User-Agent": _user_agent(),
               "Accept": ", ".join(MEDIA_TYPES) + ";q=0.9, */*;q=0.1"}
    pools: dict = {}

    def pool_for(target: str):
        """A connection pool for ``target``, through the proxy the environment names
        for it (http_proxy, https_proxy, no_proxy), if any."""
        proxy = _proxy_for(target)
        if proxy not in pools:
            pools[proxy] = urllib3.ProxyManager(proxy, headers=headers) if proxy else \
                urllib3.PoolManager(headers=headers)
        return pools[proxy]

    deadline = time.monotonic() + timeout
    current, redirects = url, 0
    while True:
        try:
            response = pool_for(current).request(
                "GET", current, redirect=False, retries=False, preload_content=False,
                decode_content=True,
                timeout=urllib3.Timeout(connect=timeout, read=timeout))
        except ux.NameResolutionError:
            host = urlsplit(current).hostname
            raise SourceError(f"cannot resolve the host name {host!r}", path=url,
                              hint="check the address and your network") from None
        except ux.NewConnectionError as exc:  # a subclass of ConnectTimeoutError
            raise SourceError(f"cannot connect: {_reason(exc)}", path=url,
                              hint="check the address and your network") from None
        except ux.ConnectTimeoutError:
            raise SourceError(f"no connection within {timeout:g} s", path=url,
                              hint="try again later, or raise --timeout") from None
        except ux.ReadTimeoutError:
            raise SourceError(f"no response within {timeout:g} s", path=url,
                              hint="try again later, or raise --timeout") from None
        except ux.SSLError as exc:
            raise SourceError(f"TLS error: {_reason(exc)}", path=url,
                              hint="check the address; the certificate is not trusted") from None
        except (ux.HTTPError, OSError) as exc:
            raise SourceError(f"download failed: {_reason(exc)}", path=url,
                              hint="try again later") from None
        if response.status in REDIRECTS:
            location = response.headers.get("Location")
            response.release_conn()
            if not location:
                raise SourceError(f"HTTP {response.status} redirect without a Location", path=url)
            redirects += 1
            if redirects > MAX_REDIRECTS:
                raise SourceError(f"more than {MAX_REDIRECTS} redirects", path=url,
                                  hint="open it in a browser and add the final address")
            current = urljoin(current, location)
            if urlsplit(current).scheme not in ("http", "https"):
                raise SourceError(f"redirected to a non-http(s) URL: {current}", path=url)
            continue
        break
    try:
        if response.status >= 400:
            reason = f" {response.reason}" if response.reason else ""
            raise SourceError(f"HTTP {response.status}{reason}", path=url,
                              hint="check the address" if response.status < 500
                              else "the server failed; try again later")
        if response.status != 200:
            raise SourceError(f"HTTP {response.status}: no document to add", path=url)
        media_type, charset = _media_type(response.headers.get("Content-Type"))
        if media_type not in MEDIA_TYPES:
            raise SourceError(f"wrong content type {media_type or '(none)'!r}", path=url,
                              hint="source add reads " + ", ".join(MEDIA_TYPES))
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise SourceError(f"the document is {int(length):,} bytes, over the "
                              f"{max_bytes:,}-byte limit", path=url, hint="raise --max-bytes")
        body = bytearray()
        try:
            for chunk in response.stream(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise SourceError(f"the document is over the {max_bytes:,}-byte limit",
                                      path=url, hint="raise --max-bytes")
                if time.monotonic() > deadline:
                    raise SourceError(f"the download took over {timeout:g} s", path=url,
                                      hint="try again later, or raise --timeout")
        except ux.ReadTimeoutError:
            raise SourceError(f"no response within {timeout:g} s", path=url,
                              hint="try again later, or raise --timeout") from None
        except (ux.HTTPError, OSError) as exc:
            raise SourceError(f"download failed: {_reason(exc)}", path=url,
                              hint="try again later") from None
    finally:
        response.release_conn()
    return Fetched(url=url, final_url=current, data=bytes(body), media_type=media_type,
                   charset=charset, redirects=redirects)


def _proxy_for(url: str) -> Optional[str]:
    """The proxy URL the environment sets for ``url``, as urllib reads it.

    >>> import os; os.environ["http_proxy"] = "http://proxy.example:3128"
    >>> os.environ["no_proxy"] = "intranet.example"
    >>> _proxy_for("http://news.example/a"), _proxy_for("http://intranet.example/a")
    ('http://proxy.example:3128', None)
    >>> del os.environ["http_proxy"], os.environ["no_proxy"]
    """
    from urllib.request import getproxies, proxy_bypass

    parts = urlsplit(url)
    proxy = getproxies().get(parts.scheme)
    if not proxy or proxy_bypass(parts.hostname or ""):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _reason(exc: BaseException) -> str:
    """The operating system's words for a failure, without urllib3's wrapping.

    >>> _reason(OSError("HTTPConnection(host='h', port=9): Failed to establish a new "
    ...                 "connection: [Errno 111] Connection refused"))
    'connection refused'
    """
    import re

    text = " ".join(str(getattr(exc, "reason", None) or exc).split())
    found = re.search(r"\[Errno -?\d+\] (.+)$", text)
    if found:
        text = found.group(1)
    elif ": " in text:
        text = text.rsplit(": ", 1)[-1]
    text = text.rstrip(".) ")
    return (text[:1].lower() + text[1:]) if text else type(exc).__name__
