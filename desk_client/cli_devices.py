"""desk-admin devices and audit: the hall's PCs, their desk numbers (机位号, sync.desks) and
their event chains.

    desk-admin [--json] devices
    desk-admin [--json] audit verify

One line a PC, by desk number: the desk ("none yet" until the PC registered, at its first
sync round or online login), its device id, when the central database first saw it, and how
many events it has pushed; this PC's line is marked. The numbers a PC makes on its own
(notices, inquiries, emergency walk-ins) carry its desk, so this answers "which PC made
GZ2026-07-0012?".
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any
from zoneinfo import ZoneInfo

from desk_client.cli_output import out
from desk_client.core.messages import translate
from desk_client.services.app import Services
from desk_client.services.dto import DeviceView


def _line(device: DeviceView, zone: ZoneInfo, lang: str) -> str:
    desk = translate("devices.no_desk", lang) if device.desk is None else f"{device.desk:02d}"
    registered = device.registered_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    mark = translate("devices.this_pc", lang) if device.this_pc else ""
    params = {"desk": desk, "device": device.device_id, "registered": registered}
    return translate("devices.row", lang, **params, events=device.last_client_seq, mark=mark)


def cmd_devices(services: Services, args: argparse.Namespace) -> int:
    found = services.sync.devices()
    lang = services.config.language
    if args.json:
        out(json.dumps([asdict(d) for d in found], default=str, ensure_ascii=False))
    elif not found:
        out(translate("devices.none", lang))
    zone = ZoneInfo(services.config.timezone)
    for device in () if args.json else found:
        out(_line(device, zone, lang))
    return 0


def cmd_audit_verify(services: Services, args: argparse.Namespace) -> int:
    """Walk every device's hash chain in the central events table; exit 1 on any break."""
    report = services.sync.audit_verify()
    lang = services.config.language
    if args.json:
        out(json.dumps(asdict(report) | {"ok": report.ok}, ensure_ascii=False))
    elif report.ok:
        out(translate("audit.ok", lang, devices=report.devices, events=report.events))
    for found in () if args.json else report.breaks:
        params = {"device": found.device_id, "seq": found.client_seq, "problem": found.problem}
        out(translate("audit.break", lang, **params))
    return 0 if report.ok else 1


def devices_parsers(sub: Any) -> None:
    help_text = "the hall's PCs and their desk numbers (机位号)"
    sub.add_parser("devices", help=help_text).set_defaults(handler=cmd_devices)
    audit = sub.add_parser("audit", help="check the audit trail (审计)").add_subparsers(
        dest="audit_cmd", required=True
    )
    audit.add_parser("verify", help="verify every device's event hash chain").set_defaults(
        handler=cmd_audit_verify
    )
