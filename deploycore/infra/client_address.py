"""Which address a request comes from, for rate limits: the connection's peer, or the client a
trusted reverse proxy names in `X-Forwarded-For`. Not an identity: only a bucket to count in.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# Streamlit reports no address (None) for a loopback peer: a proxy or browser on this host.
LOOPBACK = ("127.0.0.1", "::1")


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR networks; an entry that is neither raises ValueError naming it."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {entry!r} is not an address or network") from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, proxies: Sequence[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in proxies)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], proxies: Sequence[Network]
) -> str | None:
    """The client's address, or None when it is not known.

    `peer` is the connection's address (None: loopback). Only when the peer is a trusted proxy
    is `X-Forwarded-For` read: from the right, the first address that is not itself a trusted
    proxy is the client (entries further left could be written by the client and are ignored).
    """
    peers = [peer] if peer else list(LOOPBACK)
    if not any(_trusted(p, proxies) for p in peers):
        return peer
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return None  # a malformed hop: nothing left of it can be believed
        if not _trusted(hop, proxies):
            return str(address)
    return None
