"""Bad replies and slow servers through a real OpenAI-compatible HTTP server on loopback: nothing empty passes as done, no call outlives its deadline."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import gradio as gr
import pytest
from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.llm import get_chat_model
from assistant.llm.base import BadReply, LLMError
from assistant.settings import get_settings
from assistant.ui import chat, drafting
from assistant.ui.services import Services, handler

HELLO = [{"role": "user", "content": "只回答一个字：好"}]
ROWS = [["规上工业总产值", "128.5", "亿元", "1-6月", "4.47", "", ""]]
DEADLINE = 1.5  # seconds a call may take in these tests, attempts and streaming included
TRICKLE = 0.5  # seconds between the pieces of a trickling reply


def chunk(content: str | None = None, finish: str | None = None) -> dict:
    """One streamed chat completion chunk."""
    delta = {"content": content} if content is not None else {"role": "assistant"}
    return {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def completion(content: str) -> dict:
    """A whole (non-streamed) chat completion."""
    return {"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


class Replies(BaseHTTPRequestHandler):
    """Chat completions whose behaviour is chosen by the model name the client sends."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.hits.append(request["model"])
        try:
            getattr(self, "reply_" + request["model"].replace("-", "_"))(bool(request.get("stream")))
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            self.close_connection = True

    def send_json(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_events(self, framing: str = "chunked") -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if framing == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        else:  # the body runs until the server closes the connection
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def event(self, payload: dict | str, framing: str = "chunked") -> None:
        data = f"data: {payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)}\n\n".encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n" if framing == "chunked" else data)
        self.wfile.flush()

    def end_events(self) -> None:
        self.event("[DONE]")
        self.wfile.write(b"0\r\n\r\n")

    def reply_ok(self, stream: bool) -> None:
        if not stream:
            return self.send_json(completion("好的"))
        self.start_events()
        for piece in ("好", "的"):
            self.event(chunk(piece))
        self.event(chunk(finish="stop"))
        self.end_events()

    def reply_json_error(self, stream: bool) -> None:
        self.send_json({"error": {"message": "upstream model overloaded", "type": "server_error"}})

    def reply_plain(self, stream: bool) -> None:
        self.send_json(completion("好的"))

    def reply_empty(self, stream: bool) -> None:
        if not stream:
            return self.send_json(completion(""))
        self.start_events()
        self.event(chunk())
        self.event(chunk(finish="stop"))
        self.end_events()

    def reply_event_error(self, stream: bool) -> None:
        self.start_events()
        self.event({"error": {"message": "quota exceeded"}})
        self.end_events()

    def reply_garbage(self, stream: bool) -> None:
        self.start_events()
        self.event("<html>bad gateway</html>")
        self.end_events()

    def reply_html(self, stream: bool) -> None:
        data = b"<html><body>502 Bad Gateway</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reply_trickle(self, stream: bool) -> None:
        self.start_events()
        for _ in range(40):
            self.event(chunk("字"))
            if self.server.closing.wait(TRICKLE):
                return
        self.event(chunk(finish="stop"))
        self.end_events()

    def reply_stall(self, stream: bool) -> None:
        self.start_events()
        self.event(chunk("字"))
        self.server.closing.wait(20)

    def reply_silent(self, stream: bool) -> None:
        self.server.closing.wait(20)
        self.close_connection = True

    def reply_cut(self, stream: bool) -> None:
        self.start_events()
        for piece in ("1-6月，规上工业总产值【规上工业总产值】，", "同比增长5.1%，"):
            self.event(chunk(piece))
        self.close_connection = True  # the chunked body is never terminated

    def reply_eof(self, stream: bool) -> None:
        self.start_events(framing="close")
        for piece in ("上半年", "各项工作"):
            self.event(chunk(piece), framing="close")

    def reply_unavailable(self, stream: bool) -> None:
        self.send_json({"error": {"message": "busy"}}, status=503)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Replies)
    httpd.daemon_threads = True
    httpd.hits, httpd.closing = [], threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.closing.set()
    httpd.shutdown()
    httpd.server_close()


def llm_settings(server, model: str, **llm) -> dict:
    return {"provider": "openai", "base_url": f"http://127.0.0.1:{server.server_port}/v1", "api_key": "local",
            "model": model, "timeout": DEADLINE, "max_retries": 2, **llm}


def model_for(server, model: str, **llm):
    return get_chat_model(get_settings(llm=llm_settings(server, model, **llm)))


def test_a_good_reply_still_streams_and_completes(server):
    model = model_for(server, "ok")
    assert "".join(model.stream(HELLO)) == "好的"
    assert model.complete(HELLO) == "好的"


# Item 5: an empty or malformed reply is an error, never an empty success.


@pytest.mark.parametrize("kind", ["json-error", "plain", "empty", "event-error", "garbage", "html"])
def test_a_stream_without_text_is_a_bad_reply(server, kind):
    with pytest.raises(BadReply) as caught:
        list(model_for(server, kind).stream(HELLO))
    assert "模型" in caught.value.message and "中途断开" not in caught.value.message and caught.value.hint


def test_the_error_a_gateway_sends_is_named(server):
    with pytest.raises(BadReply, match="upstream model overloaded"):
        list(model_for(server, "json-error").stream(HELLO))
    with pytest.raises(BadReply, match="upstream model overloaded"):
        model_for(server, "json-error").complete(HELLO)


def test_an_empty_or_malformed_completion_is_a_bad_reply(server):
    with pytest.raises(BadReply, match="空"):
        model_for(server, "empty").complete(HELLO)
    with pytest.raises(BadReply, match="格式不对"):
        model_for(server, "html").complete(HELLO)
    with pytest.raises(BadReply, match="quota exceeded"):
        list(model_for(server, "event-error").stream(HELLO))


def ui_services(server, tmp_path, model: str) -> Services:
    settings = get_settings(store=tmp_path / "store", draft={"repair_rounds": 0}, llm=llm_settings(server, model))
    return Services(settings, None, get_chat_model(settings))


def last_draft_output(server, tmp_path, model: str, kind: str, error: str) -> tuple:
    """What the 起草 tab shows last when a draft against `model` ends in a gr.Error matching `error`."""
    outputs = []
    with pytest.raises(gr.Error, match=error):
        for out in handler(ui_services(server, tmp_path, model), drafting.draft)("青川经济开发区", "1-6月", kind, ROWS, "", []):
            outputs.append(out)
    return outputs[-1]


def test_the_draft_tab_reports_an_empty_reply_as_a_failure(server, tmp_path):
    text, status, marked, flagged, _ = last_draft_output(server, tmp_path, "json-error", "主要经济指标", "upstream model overloaded")
    assert text == "" and "起草完成" not in status and "起草中断" in status and "upstream model overloaded" in status
    assert "✅" not in flagged and not marked


class OnePassage:
    """A knowledge base holding one passage relevant to every question."""

    def search(self, query, **options):
        return [SimpleNamespace(text="对低效闲置用地开展全面摸排，建立问题地块台账。", title="云岭经济开发区2024年工作总结",
                                heading_path=["盘活存量土地"], source="yunling.txt", score=0.95, section_kind="重点工作",
                                similarity=0.95, evidence=1.0)]


def test_the_chat_tab_reports_an_empty_reply_as_a_failure(server, tmp_path):
    drafts = ui_services(server, tmp_path, "empty")
    answers = Services(drafts.settings, OnePassage(), drafts.model)
    for services, question in ((drafts, "帮我起草上半年主要经济指标部分"), (answers, "其他园区怎么盘活低效用地？")):
        replies = list(handler(services, chat.answer)(question, [], "青川经济开发区", "1-6月", ROWS, ""))
        last = replies[-1][0][-1]["content"]  # said in the reply, not raised (a raised error covers the conversation)
        assert "中断" in last and "空" in last and "✅" not in last


def run_cli(server, *args, model: str):
    env = {"ASSISTANT_LLM_PROVIDER": "openai", "ASSISTANT_LLM_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
           "ASSISTANT_LLM_API_KEY": "local", "ASSISTANT_LLM_MODEL": model, "ASSISTANT_LLM_TIMEOUT": str(DEADLINE)}
    return CliRunner().invoke(build_app(), list(args), env=env)


def test_cli_chat_exits_nonzero_on_an_empty_reply(server):
    for kind in ("json-error", "empty"):
        result = run_cli(server, "chat", "你好", model=kind)
        assert result.exit_code != 0 and "错误" in result.output, result.output
    result = run_cli(server, "chat", "你好", model="ok")
    assert result.exit_code == 0 and "好的" in result.output


# Item 8: one deadline per call, attempts and streaming included; a cut stream has its own message.


def timed(call) -> tuple[Exception, float]:
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        call()
    return caught.value, time.monotonic() - started


def test_a_trickling_stream_is_cut_at_the_deadline(server):
    received = []
    error, took = timed(lambda: received.extend(model_for(server, "trickle").stream(HELLO)))
    assert "秒内" in error.message and "1.5" in error.message
    assert DEADLINE - 0.1 < took < DEADLINE + 0.5, took
    assert 2 <= len(received) <= 4  # what arrived before the deadline was passed on


def test_an_idle_gap_is_bounded_by_the_deadline(server):
    error, took = timed(lambda: list(model_for(server, "stall").stream(HELLO)))
    assert "秒内" in error.message and took < DEADLINE + 0.5, took


@pytest.mark.parametrize("call", ["stream", "complete"])
def test_retries_share_one_deadline(server, call):
    model = model_for(server, "silent", max_retries=2)
    error, took = timed(lambda: list(getattr(model, call)(HELLO)) if call == "stream" else model.complete(HELLO))
    assert "没有响应" in error.message and took < DEADLINE + 0.5, took


def test_transient_errors_are_retried_within_the_deadline(server):
    server.hits.clear()
    error, took = timed(lambda: model_for(server, "unavailable", max_retries=5).complete(HELLO))
    assert "503" in error.message and took < DEADLINE + 0.5, took
    assert 2 <= server.hits.count("unavailable") <= 6


@pytest.mark.parametrize("kind", ["cut", "eof"])
def test_a_stream_cut_midway_has_its_own_message(server, kind):
    received = []
    with pytest.raises(LLMError) as caught:
        received.extend(model_for(server, kind).stream(HELLO))
    assert "中途断开" in caught.value.message and "无法连接" not in caught.value.message
    assert len(received) == 2


def test_the_draft_tab_keeps_what_arrived_before_a_cut(server, tmp_path):
    text, status, _marked, flagged, _ = last_draft_output(server, tmp_path, "cut", "主要经济指标", "中途断开")
    assert "128.5亿元" in text and "〔待核实：5.1%〕" in text
    assert "中途断开" in status and "保留" in status and "需要核实" in flagged
