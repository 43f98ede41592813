#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol (standard library only) for the dashboard
test: opens URL, waits SECONDS, prints the value of EXPRESSION as JSON and saves a screenshot.

    cdp_probe.py CHROMIUM URL SECONDS EXPRESSION SCREENSHOT.png
"""
import base64, json, os, socket, struct, subprocess, sys, tempfile, time, urllib.request

chromium, url, seconds, expression, screenshot = sys.argv[1:6]
profile = tempfile.mkdtemp(prefix="admf-cdp-")
port_file = os.path.join(profile, "DevToolsActivePort")
browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                            "--window-size=1300,1000", f"--user-data-dir={profile}", "about:blank"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(200):
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        time.sleep(0.1)
    port = int(open(port_file).read().split()[0])
    target = json.load(urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/json/new?{url}", method="PUT")))
    ws_path = target["webSocketDebuggerUrl"].split(f"127.0.0.1:{port}", 1)[1]
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {ws_path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        buffer += sock.recv(4096)
    buffer = buffer.split(b"\r\n\r\n", 1)[1]

    def send(message):
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(payload)
        header += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive():
        global buffer
        def need(k):
            global buffer
            while len(buffer) < k:
                chunk = sock.recv(65536)
                if not chunk:
                    raise SystemExit("devtools connection closed")
                buffer += chunk
        need(2)
        n = buffer[1] & 0x7F
        offset = 2
        if n == 126:
            need(4); n = struct.unpack(">H", buffer[2:4])[0]; offset = 4
        elif n == 127:
            need(10); n = struct.unpack(">Q", buffer[2:10])[0]; offset = 10
        need(offset + n)
        frame, buffer = buffer[offset:offset + n], buffer[offset + n:]
        return json.loads(frame)

    def call(ident, method, params):
        send({"id": ident, "method": method, "params": params})
        while True:
            message = receive()
            if message.get("id") == ident:
                return message

    time.sleep(float(seconds))
    value = call(1, "Runtime.evaluate", {"expression": expression, "returnByValue": True})
    shot = call(2, "Page.captureScreenshot", {"format": "png"})
    with open(screenshot, "wb") as f:
        f.write(base64.b64decode(shot["result"]["data"]))
    print(json.dumps(value["result"]["result"].get("value")))
finally:
    browser.kill()
