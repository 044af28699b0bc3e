#!/usr/bin/env python3
"""A real SMTP server for crates/notify's tests (aiosmtpd; `python3 -m pip install aiosmtpd`).

    python3 tests/smtp/server.py --dir DIR [--port 0] [--user U --password P] [--until-stdin-closes]

Listens on 127.0.0.1 (port 0: one the system picks) and prints one line when it
accepts connections: `listening 127.0.0.1:<port>`. Each message it takes is written
to DIR as `<n>.json` (written whole, then renamed into place):

    {"mail_from": ..., "rcpt_tos": [...], "raw": <the DATA as received, latin-1>,
     "subject": <decoded>, "text": <the text/plain body, decoded>,
     "content_type": ..., "transfer_encoding": ...}

decoded by Python's own `email` package, a reader independent of the sender.
Recipients whose local part starts with `refused` get `550 5.1.1`. With --user and
--password, AUTH (PLAIN, LOGIN) is required, over plain TCP (a test peer only).
Stops on SIGTERM or SIGINT (or, with --until-stdin-closes, when its standard input
closes: the test that started it is gone).
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import threading
import warnings
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("refused"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "raw": raw.decode("latin-1"),
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "text": body.get_content() if body is not None else None,
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "transfer_encoding": str(message.get("content-transfer-encoding", "")),
        }
        self.count += 1
        final = os.path.join(self.directory, f"{self.count}.json")
        with open(final + ".part", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(final + ".part", final)
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        # handled=False: aiosmtpd answers a failure itself (535).
        return AuthResult(success=ok, handled=False)

    return check


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="where to write each message")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--until-stdin-closes", action="store_true", help="stop when standard input closes")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Recorder(args.dir)
    options = {}
    if args.user is not None:
        # AUTH without TLS is what this test peer is for; aiosmtpd warns about it.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        logging.getLogger("mail.log").setLevel(logging.ERROR)
        options = dict(
            auth_required=True,
            auth_require_tls=False,
            authenticator=authenticator(args.user, args.password or ""),
        )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test", **options), host="127.0.0.1", port=args.port
    )
    port = server.sockets[0].getsockname()[1]
    print(f"listening 127.0.0.1:{port}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.until_stdin_closes:
        # The test that started us is gone when our standard input closes.
        def watch():
            while os.read(sys.stdin.fileno(), 1024):
                pass
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=watch, daemon=True).start()
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
