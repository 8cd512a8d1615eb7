"""Which addresses students should type, and which Host headers the served page answers to.

A server bound to 0.0.0.0 listens on every interface, but "0.0.0.0" is not an address a student can type: the
teacher is shown this machine's real addresses instead (loopback last, link-local IPv6 left out: no browser on
another machine can use one without an interface name).
"""

from __future__ import annotations

import ipaddress
import socket

WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def local_addresses() -> list[str]:
    """This machine's IP addresses, non-loopback first (IPv4 before IPv6), as a student would type them."""
    try:
        import ifaddr
    except ImportError:  # the serve extra is missing: fall back to what the resolver knows
        return _resolver_addresses()
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            raw = ip.ip if isinstance(ip.ip, str) else ip.ip[0]
            try:
                addr = ipaddress.ip_address(raw)
            except ValueError:
                continue
            if addr.is_link_local or addr in found:
                continue
            found.append(addr)
    found.sort(key=lambda a: (a.is_loopback, a.version))
    return [str(a) for a in found]


def _resolver_addresses() -> list[str]:
    names: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            addr = str(info[4][0])
            if addr not in names:
                names.append(addr)
    except OSError:
        pass
    return sorted(names, key=lambda a: ipaddress.ip_address(a).is_loopback) or ["127.0.0.1"]


def url_for(host: str, port: int) -> str:
    """``http://host:port/`` with an IPv6 address in brackets."""
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass
    return f"http://{host}:{port}/"


def addresses_to_type(bind_host: str, port: int) -> list[str]:
    """The URLs students should open for a server bound to ``bind_host``: for a wildcard, every address of this
    machine that another machine can reach (loopback only when there is nothing else)."""
    if bind_host in WILDCARDS:
        hosts = [a for a in local_addresses() if bind_host == "::" or ipaddress.ip_address(a).version == 4]
        reachable = [h for h in hosts if not ipaddress.ip_address(h).is_loopback]
        return [url_for(h, port) for h in reachable or hosts] or [url_for("127.0.0.1", port)]
    return [url_for(bind_host, port)]


def only_this_computer(bind_host: str) -> bool:
    """Whether a server bound to ``bind_host`` can be reached from this computer alone (a loopback address), so
    the teacher is told how to let the class in."""
    return bind_host.startswith("127.") or bind_host in ("localhost", "::1")


def this_machines_names() -> frozenset[str]:
    """Host names that mean this machine (besides IP literals), lower-cased."""
    names = {"localhost"}
    try:
        short = socket.gethostname().lower()
        names |= {short, f"{short}.local"}
        names.add(socket.getfqdn().lower())
    except OSError:
        pass
    return frozenset(n for n in names if n)


def host_is_allowed(hostname: str, extra_names: frozenset[str]) -> bool:
    """Whether a request's Host names this machine: an IP literal, localhost, this machine's name, or a name the
    teacher allowed. Any other name is how a DNS-rebinding page would reach the server, so it is refused."""
    name = hostname.strip("[]").lower().rstrip(".")
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    return name in this_machines_names() or name in extra_names
