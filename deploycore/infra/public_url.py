"""Which address learners should open: `PUBLIC_URL`, the browser's address, or the LAN address.

A join link built from the instructor's own browser address is useless to phones when that
address is loopback (`localhost`, `127.0.0.1`, `::1`). `app_address` picks the address to put in
join links and QR codes and says why; `lan_ip` finds this machine's address on the local network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


@dataclass(frozen=True)
class AppAddress:
    """The base address for join links (no trailing slash) and where it came from."""

    base: str
    # "setting" (PUBLIC_URL), "browser" (the page's own address), "lan" (a loopback page address
    # replaced by the LAN address) or "loopback" (a loopback page address, no LAN address known)
    source: str

    @property
    def needs_warning(self) -> bool:
        """Whether learners may fail to open the link: it was guessed or is loopback."""
        return self.source in {"lan", "loopback"}


def is_loopback_host(host: str | None) -> bool:
    """Whether a host name or address only reaches this machine."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def app_base(page_url: str) -> str:
    """The app's root address from a page's address (its path's last page name dropped)."""
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/")
    path = path.rsplit("/", 1)[0] if "/" in path else ""
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def app_address(page_url: str, setting: str | None, lan: str | None) -> AppAddress:
    """The join links' base: the setting if any, else the browser's address unless it is
    loopback and a LAN address is known (then the same scheme, port and path on that address)."""
    if setting:
        return AppAddress(setting.rstrip("/"), "setting")
    base = app_base(page_url)
    parts = urlsplit(base)
    if not is_loopback_host(parts.hostname):
        return AppAddress(base, "browser")
    if not lan:
        return AppAddress(base, "loopback")
    host = f"[{lan}]" if ":" in lan else lan
    netloc = f"{host}:{parts.port}" if parts.port else host
    return AppAddress(urlunsplit((parts.scheme, netloc, parts.path, "", "")), "lan")


def lan_ip() -> str | None:
    """This machine's address on the local network (the one its default route uses), or None.

    Connecting a UDP socket sends nothing; it only asks the kernel which source address it would
    use. Falls back to the host name's address when that is not loopback."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never contacted
            address = str(sock.getsockname()[0])
        if not is_loopback_host(address) and address != "0.0.0.0":
            return address
    except OSError:
        pass
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if is_loopback_host(address) else address
