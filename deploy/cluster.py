"""Several app replicas behind Debian's nginx on this machine, for a class or a benchmark.

`start_cluster` migrates the database once, starts N `streamlit run serve.py` processes on free
loopback ports and nginx (unprivileged, in a prefix folder under `workdir`) on `nginx-site.conf`,
and stops them all on exit. `python -m deploy.cluster --replicas 2` does the same until Ctrl+C.
Not for a real server: there systemd runs the replicas and Debian's nginx the site file (README).
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SITE_FILE = HERE / "nginx-site.conf"  # THE site file, used unchanged
TOP_CONF = HERE / "nginx.conf"
UPSTREAM_FILE = "deploy-decisions-upstream.conf"  # the names nginx-site.conf includes
LISTEN_FILE = "deploy-decisions-listen.conf"
TRUSTED_LOCAL_PROXIES = "127.0.0.1, ::1"  # nginx on this host, as the replicas see it
MISSING_NGINX = "nginx is not installed: install Debian's nginx: make system-deps"
SQLITE_REFUSED = (
    "Several replicas need PostgreSQL: set DATABASE_URL=postgresql+psycopg://... (several "
    "processes writing one SQLite file are not supported for a class). One replica may use SQLite."
)
FAIL_TIMEOUT_S = 10  # how long nginx leaves a replica that refused a connection alone
START_TIMEOUT_S = 120.0  # a replica or nginx that does not answer within this fails the start
STOP_TIMEOUT_S = 5.0  # SIGTERM, then SIGKILL: replicas hold nothing a transaction has not stored
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on `host` that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def upstream_servers(ports: Sequence[int], host: str = "127.0.0.1") -> str:
    """The `server` lines of nginx-site.conf's upstream, one a replica."""
    return "".join(
        f"server {host}:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;\n" for port in ports
    )


def listen_lines(port: int, host: str = "127.0.0.1") -> str:
    """The `listen` line nginx-site.conf includes."""
    return f"listen {host}:{port};\n"


def write_nginx_prefix(
    prefix: Path, replica_ports: Sequence[int], port: int, host: str = "127.0.0.1"
) -> Path:
    """Lay out an nginx prefix folder: conf/ with the top config and the site file copied
    unchanged plus the two files the site includes, logs/ and temp/. Returns conf/nginx.conf."""
    conf = prefix / "conf"
    for folder in (conf, prefix / "logs", prefix / "temp"):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TOP_CONF, conf / "nginx.conf")
    shutil.copyfile(SITE_FILE, conf / SITE_FILE.name)
    (conf / UPSTREAM_FILE).write_text(upstream_servers(replica_ports), encoding="utf-8")
    (conf / LISTEN_FILE).write_text(listen_lines(port, host), encoding="utf-8")
    return conf / "nginx.conf"


def nginx_command(nginx: str, prefix: Path) -> list[str]:
    """nginx in the foreground on a prefix made by `write_nginx_prefix`."""
    directives = "daemon off;"
    if os.geteuid() == 0:  # workers would run as `nobody`, who cannot reach a private workdir
        directives += f" user {pwd.getpwuid(0).pw_name};"
    return [
        nginx, "-p", str(prefix), "-c", "conf/nginx.conf",
        "-e", str(prefix / "logs" / "error.log"), "-g", directives,
    ]  # fmt: skip


def nginx_executable() -> str:
    """Debian's nginx, or RuntimeError saying how to install it."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
    )
    if found is None:
        raise RuntimeError(MISSING_NGINX)
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc (OSError once it is gone)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _answers_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as reply:
            return bool(reply.read() == b"ok")
    except OSError:
        return False


def _wait_until_ok(url: str, process: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail}")
        if _answers_ok(url):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not answer on {url} within {START_TIMEOUT_S:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


@dataclass
class Cluster:
    """A running cluster: nginx's address, each replica's own address, and its processes."""

    url: str  # http://127.0.0.1:<nginx port>/
    replica_urls: list[str]  # http://127.0.0.1:<port>/ of each replica, in upstream order
    _replicas: list[subprocess.Popen[bytes]] = field(default_factory=list, repr=False)
    _nginx: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _cpu: list[float] = field(default_factory=list, repr=False)
    access_log: Path | None = None  # nginx's log of which replica answered each request

    def replica_pids(self) -> list[int]:
        """Each replica's streamlit process id."""
        return [process.pid for process in self._replicas]

    def replica_alive(self, index: int) -> bool:
        """Whether replica `index`'s process is still running."""
        return self._replicas[index].poll() is None

    def kill_replica(self, index: int) -> None:
        """SIGKILL replica `index`'s streamlit process (only it: each has its own session)."""
        self.replica_cpu_seconds()  # keep its last CPU time
        process = self._replicas[index]
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()

    def replica_cpu_seconds(self) -> list[float]:
        """utime + stime of each replica process; a dead one keeps its last value."""
        for index, process in enumerate(self._replicas):
            if process.poll() is None:
                try:
                    self._cpu[index] = cpu_seconds(process.pid)
                except (OSError, ValueError, IndexError):
                    pass
        return list(self._cpu)

    def replica_serving(self, client_address: str = "127.0.0.1") -> int | None:
        """The replica nginx last sent a request from `client_address` to (from its access
        log), or None if it has logged none."""
        if self.access_log is None or not self.access_log.exists():
            return None
        by_address = {
            url.rstrip("/").removeprefix("http://"): i for i, url in enumerate(self.replica_urls)
        }
        for line in reversed(self.access_log.read_text(errors="replace").splitlines()):
            parts = line.split(maxsplit=4)  # address, status, method, path, replicas tried
            if len(parts) == 5 and parts[0] == client_address:
                # "$upstream_addr" lists every replica tried ("a, b"), the one that answered last.
                answered = parts[4].split(",")[-1].strip()
                if answered in by_address:
                    return by_address[answered]
        return None

    def stop(self) -> None:
        """Stop nginx, then every replica (SIGTERM, SIGKILL after STOP_TIMEOUT_S)."""
        if self._nginx is not None:
            _stop(self._nginx)
        self.replica_cpu_seconds()
        for process in self._replicas:  # all at once, then wait for each
            if process.poll() is None:
                process.terminate()
        for process in self._replicas:
            _stop(process)


def replica_env(
    database_url: str, data_dir: Path, env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment every replica gets: the same database, data folder and trusted proxy."""
    return {
        **os.environ,
        "TRUSTED_PROXIES": TRUSTED_LOCAL_PROXIES,
        # Streamlit's uvicorn would itself replace a 127.0.0.1 peer by X-Forwarded-For (its
        # default FORWARDED_ALLOW_IPS): empty leaves that to the app's TRUSTED_PROXIES alone.
        "FORWARDED_ALLOW_IPS": "",
        "DEPLOY_DATA_DIR": str(data_dir),
        **(env or {}),
        "DATABASE_URL": database_url,
    }


def _streamlit_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


@contextmanager
def start_cluster(
    replicas: int,
    database_url: str,
    *,
    workdir: Path,
    env: Mapping[str, str] | None = None,
    nginx_port: int | None = None,
    host: str = "127.0.0.1",
) -> Iterator[Cluster]:
    """Migrate `database_url`, start `replicas` app processes and nginx in front of them; yield
    the cluster and stop everything on exit (exceptions included). nginx listens on
    `host`:`nginx_port` (a free port when None). Several replicas need PostgreSQL."""
    if replicas < 1:
        raise ValueError("A cluster needs at least one replica.")
    if replicas > 1 and database_url.startswith("sqlite"):
        raise ValueError(SQLITE_REFUSED)
    nginx = nginx_executable()
    from deploycore.infra.migrations import upgrade  # the app's own schema lock and revisions

    upgrade(database_url)
    workdir.mkdir(parents=True, exist_ok=True)
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    data_dir = workdir / "data"
    data_dir.mkdir(exist_ok=True)
    ports = [free_port() for _ in range(replicas)]
    port = nginx_port or free_port()
    cluster = Cluster(
        url=f"http://127.0.0.1:{port}/",
        replica_urls=[f"http://127.0.0.1:{p}/" for p in ports],
        _cpu=[0.0] * replicas,
    )
    replica_environ = replica_env(database_url, data_dir, env)
    with ExitStack() as stack:
        stack.callback(cluster.stop)
        for index, replica_port in enumerate(ports):
            log: IO[bytes] = stack.enter_context((logs / f"replica-{index}.log").open("wb"))
            cluster._replicas.append(
                subprocess.Popen(
                    _streamlit_command(replica_port),
                    cwd=ROOT,
                    env=replica_environ,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            )
        for index, process in enumerate(cluster._replicas):
            health = f"{cluster.replica_urls[index]}_stcore/health"
            _wait_until_ok(health, process, f"replica {index}", logs / f"replica-{index}.log")
        prefix = workdir / "nginx"
        write_nginx_prefix(prefix, ports, port, host)
        nginx_log = stack.enter_context((logs / "nginx.log").open("wb"))
        cluster._nginx = subprocess.Popen(
            nginx_command(nginx, prefix), stdout=nginx_log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        cluster.access_log = prefix / "logs" / "access.log"
        _wait_until_ok(f"{cluster.url}_stcore/health", cluster._nginx, "nginx", logs / "nginx.log")
        yield cluster


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m deploy.cluster --replicas N [--port P] [--host H] [--workdir DIR]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=None, help="nginx's port (default: free)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (0.0.0.0: all)")
    parser.add_argument("--workdir", type=Path, default=None, help="logs and nginx files")
    args = parser.parse_args(argv)
    from deploycore.infra.settings import database_url

    url = database_url()
    if args.replicas > 1 and url.startswith("sqlite"):
        print(SQLITE_REFUSED, file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="deploy-cluster-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop cleanly under systemd / kill
    try:
        with start_cluster(
            args.replicas, url, workdir=workdir, nginx_port=args.port, host=args.host
        ) as cluster:
            print(f"{args.replicas} replicas behind nginx: open {cluster.url} (Ctrl+C stops)")
            for index, replica_url in enumerate(cluster.replica_urls):
                print(f"  replica {index}: {replica_url} (pid {cluster.replica_pids()[index]})")
            print(f"  logs: {workdir / 'logs'}", flush=True)
            reported: set[int] = set()
            while True:  # a dead replica is reported; nginx sends its clients to the others
                time.sleep(1)
                for index in range(args.replicas):
                    if index not in reported and not cluster.replica_alive(index):
                        reported.add(index)
                        print(f"replica {index} stopped; nginx serves its clients elsewhere")
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, ValueError, TimeoutError) as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
