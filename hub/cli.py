"""Command line: serve, demo, chat, token, eval. Errors become one clear line and a non-zero exit code."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hub.config import DEFAULT_PORT, load_config
from hub.errors import HearthError
from hub.identity import load_identity
from hub.logs import setup_logging


def _server_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="TOML file with a [hub] table (flags override it)")
    parser.add_argument("--name", help="name shown in Home Assistant (default: Hearth)")
    parser.add_argument("--host", help="address to bind (default: 0.0.0.0)")
    parser.add_argument("--port", type=int, help=f"TCP port (default: {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--token", help="pairing token (default: generated once and kept in the data directory)")
    parser.add_argument("--data-dir", help="where the hub keeps its id, token and state")
    parser.add_argument("--home", choices=["ha", "virtual"], help="home source: a paired HA (default) or the demo home")
    parser.add_argument("--no-zeroconf", action="store_true", help="do not advertise _hearth._tcp on the LAN")
    parser.add_argument("--log-level", choices=["debug", "info", "warning", "error"])
    parser.add_argument("--log-format", choices=["text", "json"])


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "name": args.name,
        "host": args.host,
        "port": args.port,
        "token": args.token,
        "data_dir": args.data_dir,
        "home": args.home,
        "zeroconf": False if args.no_zeroconf else None,
        "log_level": args.log_level,
        "log_format": args.log_format,
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hub", description="Hearth: a household agent hub for HA")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the hub service")
    _server_flags(serve)
    demo = sub.add_parser("demo", help="run a scripted household scenario on the virtual home")
    demo.add_argument("--json", action="store_true", help="print the transcript as JSON lines")
    chat = sub.add_parser("chat", help="talk to the virtual home (default) or a running hub")
    chat.add_argument("--url", help="a running hub, e.g. http://127.0.0.1:8765 (needs --token)")
    chat.add_argument("--token", help="the hub's pairing token")
    chat.add_argument("--area", default="living_room", help="the room you speak from (area id)")
    evaluate = sub.add_parser("eval", help="score Hearth on your own data through the live code paths")
    eval_sub = evaluate.add_subparsers(dest="eval_command", required=True)
    commands = eval_sub.add_parser(
        "commands", help="run command cases through the agent and write one prediction per case"
    )
    commands.add_argument("--home", type=Path, required=True, help="HOME.json: floors, areas and entities")
    commands.add_argument("--cases", type=Path, required=True, help="CASES.jsonl: one case per line")
    commands.add_argument("--out", type=Path, required=True, help="PRED.jsonl to write")
    pin = sub.add_parser("pin", help="set or remove a household member's PIN for critical actions")
    pin.add_argument("member", help="the member id (as in household.toml)")
    pin.add_argument("--remove", action="store_true", help="remove the PIN instead of setting one")
    pin.add_argument("--data-dir", help="the hub's data directory")
    pin.add_argument("--config", type=Path)
    token = sub.add_parser("token", help="print the pairing token kept in a data directory")
    token.add_argument("--data-dir", help="the hub's data directory")
    token.add_argument("--config", type=Path)
    memory = eval_sub.add_parser("memory", help="household-memory retrieval: ingest memories, answer queries")
    memory.add_argument("--memories", type=Path, required=True, help="MEM.jsonl: id, person, scope, text, time")
    memory.add_argument("--queries", type=Path, required=True, help="QUERIES.jsonl: id, person, query, time?")
    memory.add_argument("--out", type=Path, required=True, help="OUT.jsonl: id, results (memory ids), latency_ms")
    memory.add_argument("--k", type=int, default=10, help="results per query (default: 10)")
    injection = eval_sub.add_parser("injection", help="prompt-injection cases against the policy gate")
    injection.add_argument("--cases", type=Path, required=True, help="CASES.jsonl: id, injected_text, channel?")
    injection.add_argument("--out", type=Path, required=True, help="OUT.jsonl: proposed, executed, confirmations")
    privacy = eval_sub.add_parser("privacy", help="PII requests through the privacy filter to a remote endpoint")
    privacy.add_argument("--cases", type=Path, required=True, help="CASES.jsonl: id, text")
    privacy.add_argument("--remote-url", required=True, help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1")
    privacy.add_argument("--out", type=Path, required=True, help="OUT.jsonl: id, answer, latency_ms")
    privacy.add_argument("--model", default="hearth", help="model name sent to the endpoint (default: hearth)")
    falls = eval_sub.add_parser("falls", help="run IMU recordings (CSV) through the fall detection pipeline")
    falls.add_argument("--recordings", type=Path, required=True, help="DIR with one t,ax,ay,az,gx,gy,gz CSV each")
    falls.add_argument("--out", type=Path, required=True, help="OUT.jsonl: recording, detections, latency_ms")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            config = load_config(args.config, _overrides(args))
            setup_logging(config.log_level, config.log_format)
            from hub.server.serve import serve_forever

            asyncio.run(serve_forever(config))
        elif args.command == "demo":
            from hub.demo import run_demo

            return asyncio.run(run_demo(as_json=args.json))
        elif args.command == "chat":
            from hub.chat import run_chat

            return asyncio.run(run_chat(url=args.url, token=args.token, area=args.area))
        elif args.command == "eval" and args.eval_command == "memory":
            from hub.eval.memory import run_memory_eval

            report = run_memory_eval(args.memories, args.queries, args.out, k=args.k)
            print(report.summary(), file=sys.stderr)
        elif args.command == "eval" and args.eval_command == "injection":
            from hub.eval.injection import run_injection_eval

            print(asyncio.run(run_injection_eval(args.cases, args.out)).summary(), file=sys.stderr)
        elif args.command == "eval" and args.eval_command == "privacy":
            from hub.eval.privacy import run_privacy_eval

            privacy_report = run_privacy_eval(args.cases, args.remote_url, args.out, model=args.model)
            print(asyncio.run(privacy_report).summary(), file=sys.stderr)
        elif args.command == "eval" and args.eval_command == "commands":
            from hub.eval.commands import run_eval_commands

            asyncio.run(run_eval_commands(args.home, args.cases, args.out))
        elif args.command == "eval" and args.eval_command == "falls":
            from hub.eval.falls import run_falls_eval

            falls_report = run_falls_eval(args.recordings, args.out)
            found = falls_report.with_detections
            print(f"{falls_report.recordings} recordings, {found} with detections", file=sys.stderr)
        elif args.command == "pin":
            import getpass

            from hub.policy.pin import manage_pin

            config = load_config(args.config, {"data_dir": args.data_dir})
            secret = None if args.remove else getpass.getpass("PIN (4-10 digits): ")
            print(manage_pin(config.data_dir, args.member, secret))
        elif args.command == "token":
            config = load_config(args.config, {"data_dir": args.data_dir})
            print(load_identity(config.data_dir, config.token).token)
    except HearthError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
