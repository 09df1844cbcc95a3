"""Input folders and the output folder: links, special files, odd names, atomic writes, resuming."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import batch
from converter.batch import Job, output_path, read_input, write_atomic
from converter.cli import cli
from converter.errors import InputError
from converter.safeio import sha256_of

PLAIN = "这是一段普通的文字，没有任何文体特征。\n"  # converts without errors: no type, so no extractors run


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def convert_in_subprocess(*args, cwd: Path) -> subprocess.CompletedProcess:
    """The real command, with a time limit: a run that blocks (on a FIFO, say) fails instead of hanging."""
    return subprocess.run([sys.executable, "-m", "converter", "convert", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=60)


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}


# --- what is read -------------------------------------------------------------------------------------

def test_links_and_special_files_are_skipped_with_a_warning_and_never_block(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(PLAIN, encoding="utf-8")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "ok.txt").write_text(PLAIN, encoding="utf-8")
    (src / "sub" / "ok2.txt").write_text(PLAIN, encoding="utf-8")
    (src / "link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (src / "linkdir").symlink_to(tmp_path / "outside", target_is_directory=True)
    os.mkfifo(src / "fifo")
    done = convert_in_subprocess("in", "--out", "out", "-j", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert set(done.stderr.splitlines()[:3]) == {
        "warning: in/linkdir: skipped (symbolic link to a folder; not followed)",
        "warning: in/fifo: skipped (not a regular file)",
        "warning: in/link.txt: skipped (symbolic link; not followed)",
    }
    assert "2 files: 0 converted, 2 unclassified, 0 failed, 0 up to date, 3 skipped;" in done.stderr
    assert files_under(tmp_path / "out") == {"ok.txt.json", "sub/ok2.txt.json"}


def test_a_fifo_given_by_name_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    done = convert_in_subprocess("fifo", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == "warning: fifo: skipped (not a regular file or folder)"
    assert "0 files: 0 converted" in done.stderr


def test_reading_a_special_file_fails_at_once(tmp_path):
    """A file that turned into a FIFO after discovery: opened without blocking, refused."""
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InputError, match=r"^fifo: not a regular file$"):
        read_input(tmp_path / "fifo", "fifo", 100)
    record = batch.convert_job(Job(tmp_path / "fifo", "fifo"), _converter())
    assert record.errors == [{"kind": "input", "message": "fifo: not a regular file"}]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_an_error_record(tmp_path):  # pragma: no cover - not run as root
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "in" / "a.txt").chmod(0)
    result = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert "error: a.txt: cannot read: Permission denied" in result.stderr


def test_an_out_folder_inside_the_input_is_not_read_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PLAIN, encoding="utf-8")
    out = src / "records"
    assert run("convert", str(src), "--out", str(out), "-j", "1").exit_code == 0
    again = run("convert", str(src), "--out", str(out), "-j", "1")
    assert again.exit_code == 0
    assert f"warning: {out}: skipped (it is the --out folder)" in again.stderr
    assert "1 file: 0 converted, 0 unclassified, 0 failed, 1 up to date" in again.stderr
    assert files_under(out) == {"a.txt.json"}
    inside = run("convert", str(out), "--out", str(out), "-j", "1")
    assert f"warning: {out}: skipped (it is in the --out folder)" in inside.stderr
    assert files_under(out) == {"a.txt.json"}


def test_two_inputs_with_the_same_record_path_fail_the_run_and_do_not_overwrite_each_other(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "--out",
                 str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert (f"error: {tmp_path / 'b' / 'x.txt'}: not converted: its record path x.txt is that of "
            f"{tmp_path / 'a' / 'x.txt'}") in result.stderr
    assert "2 files: 0 converted, 1 unclassified, 1 failed" in result.stderr
    assert files_under(tmp_path / "out") == {"x.txt.json"}


# --- where records go -----------------------------------------------------------------------------------

ODD_NAMES = ["..a.txt", "a..b.txt", "...", "-n.txt", "new\nline.txt", "tab\tname.txt", "emoji 😀.txt",
             "中文 名.txt", " lead space.txt", "e\u0301.txt", "rtl\u202egnp.txt", "x" * 200 + ".txt",
             "dots../in.txt"]


def test_odd_file_names_map_inside_out(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for name in ODD_NAMES:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(PLAIN, encoding="utf-8")
    (src / os.fsdecode(b"bad\xff.txt")).write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(src), "--out", str(out), "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert files_under(out) == {f"{n}.json" for n in ODD_NAMES} | {os.fsdecode(b"bad\xff.txt.json")}
    assert {p.name for p in tmp_path.iterdir()} == {"in", "out"}
    record = json.loads((out / os.fsdecode(b"bad\xff.txt.json")).read_text(encoding="utf-8"))
    assert record["source"]["path"] == "bad\\xff.txt"  # file-name bytes that are not UTF-8, shown escaped
    assert json.loads((out / "new\nline.txt.json").read_text(encoding="utf-8"))["source"]["path"] == "new\nline.txt"
    stream = run("convert", str(src), "--jsonl", "-", "-j", "1")
    assert stream.exit_code == 0
    paths = {json.loads(line)["source"]["path"] for line in stream.stdout.splitlines()}
    assert "bad\\xff.txt" in paths and len(paths) == len(ODD_NAMES) + 1


def test_a_name_that_reads_as_a_parent_folder_is_refused(tmp_path):
    """On POSIX ``..\\x.txt`` is an ordinary name, but output paths treat ``\\`` as a separator."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "..\\x.txt").write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(src), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert "error: ..\\x.txt: cannot write record: ..\\x.txt: unsafe output path" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} == {"in"}


@pytest.mark.parametrize(("relpath", "expected"), [
    ("a/b.txt", "a/b.txt.json"),
    ("/etc/passwd", "etc/passwd.json"),
    ("//server/share/x", "server/share/x.json"),
    ("./a/./b", "a/b.json"),
    ("C:\\Windows\\x.txt", "C:/Windows/x.txt.json"),
    ("..a/b..", "..a/b...json"),
])
def test_output_paths_stay_inside_out(tmp_path, relpath, expected):
    assert output_path(tmp_path, relpath) == tmp_path / expected


@pytest.mark.parametrize("relpath", ["", ".", "/", "..", "../x", "a/../../x", "a/..", "..\\x", "a\\..\\..\\x"])
def test_output_paths_that_would_escape_are_refused(tmp_path, relpath):
    with pytest.raises(InputError, match=r": unsafe output path$"):
        output_path(tmp_path, relpath)


def test_a_symlink_inside_out_cannot_redirect_records(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(InputError, match=r"^sub/a\.txt: output path escapes --out$"):
        output_path(tmp_path / "out", "sub/a.txt")
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert "error: sub/a.txt: cannot write record: sub/a.txt: output path escapes --out" in result.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
    again = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")  # the skip check too
    assert again.exit_code == 1 and list((tmp_path / "elsewhere").iterdir()) == []


# --- how records are written ------------------------------------------------------------------------------

def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path, monkeypatch):
    target = tmp_path / "a.txt.json"
    write_atomic(target, '{"old": true}\n')

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, '{"new": true}\n')
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert files_under(tmp_path) == {"a.txt.json"}


def test_records_get_ordinary_permissions(tmp_path):
    """mkstemp made every record 0600, unreadable to anyone else; records follow the umask now."""
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt.json", "{}\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.txt.json").stat().st_mode & 0o777 == 0o644


def summary_line(result) -> str:
    return next(line for line in result.stderr.splitlines() if " converted, " in line).rsplit(";", 1)[0]


def make_inputs(tmp_path: Path, n: int = 3) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        (src / f"f{i}.txt").write_text(f"第{i}份。{PLAIN}", encoding="utf-8")
    return src


def counts(converted=0, unclassified=0, failed=0, up_to_date=0) -> str:
    n = converted + unclassified + failed + up_to_date
    return (f"{n} file{'' if n == 1 else 's'}: {converted} converted, {unclassified} unclassified, {failed} failed, "
            f"{up_to_date} up to date, 0 skipped; documents: none")


def test_rerun_skips_up_to_date_records_redoes_changed_ones_and_force_redoes_all(tmp_path):
    src, out = make_inputs(tmp_path), str(tmp_path / "out")
    first = run("convert", str(src), "--out", out, "-j", "1")
    assert (first.exit_code, summary_line(first)) == (0, counts(unclassified=3))
    again = run("convert", str(src), "--out", out, "-j", "1")
    assert (again.exit_code, summary_line(again)) == (0, counts(up_to_date=3))
    (src / "f1.txt").write_text(f"改过了。{PLAIN}", encoding="utf-8")
    changed = run("convert", str(src), "--out", out, "-j", "1")
    assert summary_line(changed) == counts(unclassified=1, up_to_date=2)
    record = json.loads((tmp_path / "out" / "f1.txt.json").read_text(encoding="utf-8"))
    assert record["source"]["bytes"] == len(f"改过了。{PLAIN}".encode())
    forced = run("convert", str(src), "--out", out, "-j", "1", "--force")
    assert summary_line(forced) == counts(unclassified=3)
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]


def test_records_with_errors_are_retried_so_the_exit_status_stays_1(tmp_path):
    src, out = make_inputs(tmp_path, 2), str(tmp_path / "out")
    (src / "empty.txt").write_bytes(b"")
    for _ in range(2):
        result = run("convert", str(src), "--out", out, "-j", "1")
        assert result.exit_code == 1
        assert "error: empty.txt: empty file" in result.stderr
    assert summary_line(result) == counts(failed=1, up_to_date=2)


@pytest.mark.parametrize("change", ["rules", "version"])
def test_a_record_made_by_other_rules_is_redone(tmp_path, change):
    src, out = make_inputs(tmp_path), tmp_path / "out"
    run("convert", str(src), "--out", str(out), "-j", "1")
    target = out / "f0.txt.json"
    record = json.loads(target.read_text(encoding="utf-8"))
    if change == "rules":
        record["converter"]["rules"]["news_article"] = "0.9"
    else:
        record["converter"]["version"] = "0.0.1"
    target.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    redone = run("convert", str(src), "--out", str(out), "-j", "1")
    assert redone.exit_code == 0
    assert summary_line(redone) == counts(unclassified=1, up_to_date=2)
    assert json.loads(target.read_text(encoding="utf-8"))["converter"] != record["converter"]


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"source": 1}', '{"a": 1}'])
def test_whatever_else_sits_at_a_record_path_is_replaced(tmp_path, content):
    src, out = make_inputs(tmp_path, 1), tmp_path / "out"
    out.mkdir()
    (out / "f0.txt.json").write_text(content, encoding="utf-8")
    result = run("convert", str(src), "--out", str(out), "-j", "1")
    assert summary_line(result) == counts(unclassified=1)
    assert json.loads((out / "f0.txt.json").read_text(encoding="utf-8"))["source"]["path"] == "f0.txt"


def _converter():
    from converter.engine import Converter

    return Converter(external=False)


# --- values JSON cannot carry -------------------------------------------------------------------------

HUGE = "2025年政府工作报告\n县长 张三\n全县生产总值18446744073709551616元，财政收入-9223372036854775809元。\n"


def test_a_number_beyond_64_bits_costs_nothing_in_a_parallel_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        (src / f"f{i:02d}.txt").write_text(HUGE if i == 5 else PLAIN, encoding="utf-8")
    done = convert_in_subprocess("in", "--out", "out", "-j", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert files_under(tmp_path / "out") == {f"f{i:02d}.txt.json" for i in range(12)}
    record = json.loads((tmp_path / "out" / "f05.txt.json").read_text(encoding="utf-8"))
    [doc] = record["documents"]
    assert [q["value"] for q in doc["data"]["quantities"]] == [1.8446744073709552e19, -9.223372036854776e18]


def test_a_record_json_cannot_carry_becomes_an_error_record(tmp_path):
    from converter.record import Document

    record = _converter().convert_bytes(PLAIN.encode("utf-8"), "a.txt")
    record.documents.append(Document("x", "x", (0, 1), {"n": 2**70}, {}, {}))  # as a plugin's value could be
    out = batch.rendered(record, (2, None))
    assert out.documents == [] and out.source == record.source
    assert out.errors == [{"kind": "internal", "message": "a.txt: cannot write the record as JSON: "
                                                          "Integer exceeds 64-bit range"}]
    assert json.loads(out.to_json(None))["errors"] == out.errors


# --- files that change after discovery ------------------------------------------------------------------

def test_a_file_swapped_for_a_symlink_after_discovery_is_not_read_through_it(tmp_path):
    (tmp_path / "secret.txt").write_text("秘密", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PLAIN, encoding="utf-8")
    [job] = batch.discover([src])
    (src / "a.txt").unlink()
    (src / "a.txt").symlink_to(tmp_path / "secret.txt")
    record = batch.convert_job(job, _converter())
    assert record.errors == [{"kind": "input",
                              "message": "a.txt: became a symbolic link after it was found; not followed"}]
    with pytest.raises(InputError, match="symbolic link"):  # the up-to-date check's hash too
        sha256_of(job.path, job.relpath, follow=job.follow, identity=job.identity)


def test_a_file_replaced_by_another_after_discovery_is_not_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PLAIN, encoding="utf-8")
    [job] = batch.discover([src])
    (src / "other.txt").write_text("别的文字，不是发现时的那个文件。\n", encoding="utf-8")
    os.replace(src / "other.txt", src / "a.txt")
    record = batch.convert_job(job, _converter())
    assert record.errors == [{"kind": "input",
                              "message": "a.txt: was replaced by another file after it was found; not read"}]
    [again] = batch.discover([src])  # the next run reads the new file
    assert batch.convert_job(again, _converter()).ok


# --- what is in the way of a record -----------------------------------------------------------------------

def test_a_name_as_long_as_the_file_system_allows_gets_its_record(tmp_path):
    name = "长" * 80 + ".txt"  # 244 bytes; its record's name 249: the temporary name must not add to it
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert files_under(tmp_path / "out") == {name + ".json"}


def test_a_name_too_long_for_its_record_says_so(tmp_path):
    name = "长" * 83 + ".txt"  # 253 bytes: the record's name would be 258
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert "cannot write record: [Errno 36] the record's name, 258 bytes, is too long for the file system" \
        in result.stderr


def test_a_record_path_taken_by_a_folder_of_records_says_what_is_in_the_way(tmp_path):
    src = tmp_path / "in"
    (src / "a.txt.json").mkdir(parents=True)
    (src / "a.txt").write_text(PLAIN, encoding="utf-8")
    (src / "a.txt.json" / "b.txt").write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(src), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    out = tmp_path / "out"
    assert f"error: a.txt.json/b.txt: cannot write record: [Errno 17] {out / 'a.txt.json'} is a file (a record), " \
           "so no folder of that name can hold this record" in result.stderr
    assert files_under(out) == {"a.txt.json"}


def test_a_full_out_folder_stops_the_run_instead_of_converting_in_vain(tmp_path, monkeypatch):
    from converter.engine import Converter

    src = tmp_path / "in"
    src.mkdir()
    for i in range(20):
        (src / f"f{i:02d}.txt").write_text(PLAIN, encoding="utf-8")
    replace, converted = os.replace, []

    def fills_up(a, b):
        if len(converted) > 3:
            raise OSError(28, "No space left on device")
        replace(a, b)

    monkeypatch.setattr(batch.os, "replace", fills_up)
    convert_bytes = Converter.convert_bytes
    monkeypatch.setattr(Converter, "convert_bytes", lambda self, raw, path: converted.append(path)
                        or convert_bytes(self, raw, path))
    result = run("convert", str(src), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert f"Error: cannot write records under {tmp_path / 'out'}: No space left on device; stopped: the " \
           "remaining files are not converted (the records written are complete)" in result.stderr
    assert len(converted) == 4 and files_under(tmp_path / "out") == {"f00.txt.json", "f01.txt.json", "f02.txt.json"}


def test_an_out_folder_that_cannot_take_records_is_refused_before_converting(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "out").mkdir()

    def read_only(self, data):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "write_bytes", read_only)
    result = run("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 2
    assert f"cannot write records into {tmp_path / 'out'}: Read-only file system" in result.stderr
    assert " converted, " not in result.stderr and files_under(tmp_path / "out") == set()


def test_temporary_files_of_dead_runs_are_removed_and_a_live_runs_kept(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    (out / "sub" / f".converter-{dead}-0123456789ab.tmp").write_text("{", encoding="utf-8")
    live = out / f".converter-{os.getpid()}-0123456789ab.tmp"  # this process: alive
    live.write_text("{", encoding="utf-8")
    (tmp_path / "a.txt").write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(tmp_path / "a.txt"), "--out", str(out), "-j", "1")
    assert result.exit_code == 0
    assert f"warning: removed 1 temporary files that an interrupted run left in {out}" in result.stderr
    assert files_under(out) == {"a.txt.json", live.name}


def test_file_names_on_stderr_cannot_forge_lines_or_drive_the_terminal(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    forged = "a\nerror: forged.txt: all is well\x1b]0;owned\x07\u202e.txt"
    (src / forged).write_bytes(b"")  # empty: an error line names it
    (src / ("link\n" + forged)).symlink_to(src / forged)  # a skipped link: a warning line names it
    done = convert_in_subprocess("in", "--out", "out", "-j", "1", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert not any(line.startswith("error: forged") for line in lines)
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    shown = "a\\nerror: forged.txt: all is well\\x1b]0;owned\\x07\\u202e.txt"
    assert f"error: {shown}: empty file" in lines
    assert f"warning: in/link\\n{shown}: skipped (symbolic link; not followed)" in lines
    record = json.loads((tmp_path / "out" / f"{forged}.json").read_text(encoding="utf-8"))
    assert record["source"]["path"] == forged  # the record keeps the name as it is


RULE = """\
type: mytype
version: "1"
schema: news_article
match:
  cues:
    - {name: my.cue, pattern: '^标题', weight: 5}
fields:
  title: {extractor: pattern, pattern: '^(?P<value>\\\\S+)'}
"""
PLUGIN = "from converter import hookimpl\n@hookimpl\ndef converter_boilerplate():\n    return []\n"


ALL_REDONE = "0 failed, 0 up to date, 0 skipped; documents: none"
ALL_KEPT = "0 failed, 2 up to date, 0 skipped; documents: none"


def test_a_record_is_redone_when_rule_contents_plugins_or_options_change(tmp_path):
    src, out = make_inputs(tmp_path, 2), str(tmp_path / "out")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mytype.yaml").write_text(RULE, encoding="utf-8")
    base = ["--rules", str(rules), "convert", str(src), "--out", out, "-j", "1"]
    assert summary_line(run(*base)).endswith(ALL_REDONE)
    assert summary_line(run(*base)).endswith(ALL_KEPT)
    (rules / "mytype.yaml").write_text(RULE.replace("'^标题'", "'^题目'"), encoding="utf-8")  # same version
    assert summary_line(run(*base)).endswith(ALL_REDONE)
    assert summary_line(run(*base, "--max-bytes", "1000000")).endswith(ALL_REDONE)
    assert summary_line(run(*base, "--max-bytes", "1000000")).endswith(ALL_KEPT)
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "extra.py").write_text(PLUGIN, encoding="utf-8")
    with_plugin = run("--plugins-dir", str(tmp_path / "plugins"), *base, "--max-bytes", "1000000")
    assert summary_line(with_plugin).endswith(ALL_REDONE)
    record = json.loads((tmp_path / "out" / "f0.txt.json").read_text(encoding="utf-8"))
    assert set(record["converter"]) == {"version", "rules", "fingerprint"}
