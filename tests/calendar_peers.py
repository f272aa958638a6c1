"""Independent peers for checking Gorag's calendar (.ics) output.

Two programs that share no code with the generator read what it writes:

* ``icaljs_parse(paths)`` runs ical.js (Mozilla's JavaScript iCalendar parser, pinned in
  ``tests/js/package-lock.json``) through ``tests/js/parse-ics.mjs`` and returns what it understood.
  Needs ``npm ci --prefix tests/js`` once.
* ``radicale_server(tmp_path)`` starts a real CalDAV server (Radicale, pinned in requirements.lock);
  ``upload_calendar`` stores a calendar in it the way a CalDAV client does (MKCALENDAR, then one PUT per
  UID) and ``fetch_calendar`` reads the stored objects back (REPORT calendar-query, then GET).

Standard library only (urllib, xml.etree, subprocess) plus icalendar for splitting a calendar by UID, and
the tests' own ``conftest.wait_until`` to wait for the server.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import icalendar

from conftest import wait_until

TESTS = Path(__file__).resolve().parent
JS_DIR = TESTS / "js"
PARSE_ICS = JS_DIR / "parse-ics.mjs"

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"

# Components that are calendar object resources (RFC 4791 4.1); everything else at the top level
# of a VCALENDAR except VTIMEZONE is not expected in Gorag's output.
_OBJECT_COMPONENTS = ("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY")
# VCALENDAR properties copied into every resource. METHOD is deliberately left out: RFC 4791 4.1
# forbids it in calendar object resources. X-WR-CALNAME and NAME describe the collection, not an object.
_CALENDAR_PROPERTIES = ("VERSION", "PRODID", "CALSCALE")


class PeerError(RuntimeError):
    """A peer program (ical.js, Radicale) could not be run or refused the input."""


# --------------------------------------------------------------------------------------------------
# ical.js


def icaljs_parse(paths: Iterable[str | Path]) -> dict[str, Any]:
    """Parse .ics files with ical.js; returns ``{"files": {str(path): {...}}}`` (see parse-ics.mjs).

    Keys of ``files`` are the paths exactly as passed, converted with ``str()``.
    Raises PeerError with ical.js's message if any file does not parse.
    """
    args = [str(p) for p in paths]
    if not args:
        raise ValueError("icaljs_parse: no files given")
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        raise PeerError(f"ical.js is not installed in {JS_DIR / 'node_modules'}: run `npm ci --prefix tests/js` "
                        "from the repository root (needs Node.js 18+ and npm)")
    node = shutil.which("node")
    if node is None:
        raise PeerError("`node` is not on PATH: install Node.js 18+ to run the ical.js checks")
    proc = subprocess.run([node, str(PARSE_ICS), *args], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise PeerError(f"ical.js rejected the calendar (exit {proc.returncode}):\n{proc.stderr.strip()}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# --------------------------------------------------------------------------------------------------
# Radicale


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _log_tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def radicale_server(tmp_path: Path, timeout: float = 30.0) -> Iterator[str]:
    """Run Radicale on 127.0.0.1 with its storage in ``tmp_path``; yields the base URL (ending in "/").

    Auth type ``none`` (any user name, any password) with rights ``owner_only``: a user may write under
    ``/<user>/``. The server's log is ``tmp_path/radicale.log``. The process is always stopped.
    """
    tmp_path = Path(tmp_path)
    storage = tmp_path / "radicale-collections"
    storage.mkdir(parents=True, exist_ok=True)
    log = tmp_path / "radicale.log"
    port = _free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = none\n"
        "[rights]\n"
        "type = owner_only\n"
        "[storage]\n"
        f"filesystem_folder = {storage}\n"
        # Fail loudly on an item Radicale cannot read instead of hiding it from listings.
        "skip_broken_item = False\n"
        "[web]\n"
        "type = none\n"
        "[logging]\n"
        "level = info\n"
        "bad_put_request_content = True\n",
        encoding="utf-8",
    )
    base_url = f"http://127.0.0.1:{port}/"
    with open(log, "wb") as log_file:
        # --config replaces the default search path, so ~/.config/radicale and /etc/radicale are not read.
        proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT)
    def answers() -> bool:
        if proc.poll() is not None:
            raise PeerError(f"Radicale exited with status {proc.returncode} before answering "
                            f"(is it installed? pip install -r requirements.lock):\n{_log_tail(log)}")
        try:
            _request("OPTIONS", base_url, timeout=2)
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    try:
        wait_until(answers, timeout, lambda: f"Radicale to answer on {base_url}:\n{_log_tail(log)}", interval=0.1)
        yield base_url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _auth_header(user: str) -> dict[str, str]:
    # Auth type "none" accepts any password; the user name decides which /<user>/ tree is writable.
    token = base64.b64encode(f"{user}:x".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
             timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; returns (status, headers, body) for 2xx, raises PeerError otherwise."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", errors="replace").strip()
        raise PeerError(f"{method} {url} -> {err.code} {err.reason}\n{detail}") from None


def _collection_url(base_url: str, user: str, calendar_name: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return urllib.parse.urljoin(base, f"{urllib.parse.quote(user, safe='')}/{urllib.parse.quote(calendar_name, safe='')}/")


def _referenced_tzids(component: icalendar.cal.Component) -> set[str]:
    """TZID parameters used anywhere in ``component`` (DTSTART, DTEND, RDATE, EXDATE, RECURRENCE-ID...)."""
    found: set[str] = set()
    for sub in component.walk():
        for _name, value in sub.property_items(recursive=False, sorted=False):
            values = value if isinstance(value, list) else [value]
            for item in values:
                params = getattr(item, "params", None)
                if params is not None and "TZID" in params:
                    found.add(str(params["TZID"]))
    return found


def split_calendar(ics_bytes: bytes) -> dict[str, bytes]:
    """Split a VCALENDAR into one VCALENDAR per UID, as a CalDAV collection stores them (RFC 4791 4.1).

    Every component with the same UID (a recurring event and its RECURRENCE-ID overrides) goes into one
    resource, together with the VTIMEZONEs its TZIDs need. Returns ``{uid: serialized VCALENDAR}`` in
    first-appearance order. Raises ValueError for a component without UID or a TZID without VTIMEZONE.
    """
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    timezones: dict[str, icalendar.cal.Component] = {}
    groups: dict[str, list[icalendar.cal.Component]] = {}
    for sub in calendar.subcomponents:
        if sub.name == "VTIMEZONE":
            timezones[str(sub["TZID"])] = sub
        elif sub.name in _OBJECT_COMPONENTS:
            if "UID" not in sub:
                raise ValueError(f"{sub.name} without UID: {sub.get('SUMMARY')!r}")
            groups.setdefault(str(sub["UID"]), []).append(sub)
        else:
            raise ValueError(f"unexpected top-level component {sub.name}")
    resources: dict[str, bytes] = {}
    for uid, components in groups.items():
        resource = icalendar.Calendar()
        for name in _CALENDAR_PROPERTIES:
            if name in calendar:
                resource.add(name, calendar[name])
        needed: set[str] = set()
        for component in components:
            needed |= _referenced_tzids(component)
        for tzid in sorted(needed):
            if tzid not in timezones:
                raise ValueError(f"UID {uid} uses TZID={tzid} but the calendar has no VTIMEZONE for it")
            resource.add_component(timezones[tzid])
        for component in components:
            resource.add_component(component)
        resources[uid] = resource.to_ical()
    return resources


def upload_calendar(base_url: str, user: str, calendar_name: str, ics_bytes: bytes) -> list[str]:
    """MKCALENDAR ``/<user>/<calendar_name>/`` and PUT one resource per UID; returns the resource URLs.

    Each PUT uses ``If-None-Match: *`` so two components sharing a resource name fail instead of
    overwriting each other. Raises PeerError with Radicale's answer if the server refuses anything.
    """
    resources = split_calendar(ics_bytes)  # before MKCALENDAR: a malformed calendar creates nothing
    collection = _collection_url(base_url, user, calendar_name)
    auth = _auth_header(user)
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    displayname = calendar.get("X-WR-CALNAME") or calendar.get("NAME") or calendar_name
    mkcalendar = ET.Element(f"{{{CALDAV}}}mkcalendar")
    prop = ET.SubElement(ET.SubElement(ET.SubElement(mkcalendar, f"{{{DAV}}}set"), f"{{{DAV}}}prop"), f"{{{DAV}}}displayname")
    prop.text = str(displayname)
    body = ET.tostring(mkcalendar, encoding="utf-8", xml_declaration=True)
    _request("MKCALENDAR", collection, body, {**auth, "Content-Type": "application/xml; charset=utf-8"})
    urls: list[str] = []
    for uid, resource in resources.items():
        url = collection + urllib.parse.quote(uid, safe="") + ".ics"
        status, _headers, _body = _request("PUT", url, resource, {
            **auth, "Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
        if status not in (200, 201, 204):
            raise PeerError(f"PUT {url} -> {status}")
        urls.append(url)
    return urls


def _calendar_query(time_range: tuple[str, str] | None) -> bytes:
    query = ET.Element(f"{{{CALDAV}}}calendar-query")
    prop = ET.SubElement(query, f"{{{DAV}}}prop")
    ET.SubElement(prop, f"{{{DAV}}}getetag")
    comp = ET.SubElement(ET.SubElement(query, f"{{{CALDAV}}}filter"), f"{{{CALDAV}}}comp-filter", name="VCALENDAR")
    if time_range is not None:
        event = ET.SubElement(comp, f"{{{CALDAV}}}comp-filter", name="VEVENT")
        ET.SubElement(event, f"{{{CALDAV}}}time-range", start=time_range[0], end=time_range[1])
    body: bytes = ET.tostring(query, encoding="utf-8", xml_declaration=True)
    return body


def fetch_calendar(base_url: str, user: str, calendar_name: str,
                   time_range: tuple[str, str] | None = None) -> list[bytes]:
    """The calendar objects stored in ``/<user>/<calendar_name>/``, as bytes exactly as the server serves them.

    A CalDAV REPORT calendar-query (Depth: 1) finds the resources; each is then fetched with GET (the
    REPORT's XML would normalise CRLF line endings). ``time_range=("20270601T000000Z", "20270701T000000Z")``
    lets the server select only events overlapping that UTC range (RFC 4791 9.9: Radicale evaluates
    TZIDs and RRULEs itself). Sorted by resource URL.
    """
    collection = _collection_url(base_url, user, calendar_name)
    auth = _auth_header(user)
    _status, _headers, body = _request("REPORT", collection, _calendar_query(time_range), {
        **auth, "Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    root = ET.fromstring(body)
    hrefs: list[str] = []
    for response in root.findall(f"{{{DAV}}}response"):
        href = response.findtext(f"{{{DAV}}}href")
        if href is None:
            continue
        ok = any((ps.findtext(f"{{{DAV}}}status") or "").split(" ")[1:2] == ["200"]
                 for ps in response.findall(f"{{{DAV}}}propstat"))
        if ok:
            hrefs.append(urllib.parse.urljoin(collection, href))
    objects: list[bytes] = []
    for url in sorted(hrefs):
        _status, _headers, data = _request("GET", url, headers=auth)
        objects.append(data)
    return objects
