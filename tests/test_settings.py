"""Settings come from the environment, fail loudly on nonsense, and are all documented."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: env.env_bool("X_TEST", False), "maybe", "is not a boolean"),
        (lambda: env.env_int("X_TEST", 1), "ten", "is not a whole number"),
        (lambda: env.env_int("X_TEST", 1, minimum=1), "0", "below the minimum"),
        (lambda: env.env_int("X_TEST", 1, maximum=5), "6", "above the maximum"),
        (lambda: env.env_float("X_TEST", 1.0), "fast", "is not a number"),
        (lambda: env.env_list("X_TEST", []), "a,,b", "has an empty item"),
        (lambda: env.env_choice("X_TEST", "INFO", {"INFO"}), "LOUD", "is not one of"),
        (lambda: env.env_url("X_TEST", {"redis"}), "localhost:6379", "is not a URL"),
        (lambda: env.env_timezone("X_TEST", "UTC"), "Mars/Base", "is not an IANA time zone"),
    ],
)
def test_env_readers_refuse_nonsense(monkeypatch, reader, value, message):
    monkeypatch.setenv("X_TEST", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        reader()


def test_env_readers_use_defaults_when_unset_or_blank(monkeypatch):
    monkeypatch.setenv("X_TEST", "  ")
    assert env.env_int("X_TEST", 7) == 7
    assert env.env_bool("X_TEST", True) is True
    monkeypatch.setenv("X_TEST", "on")
    assert env.env_bool("X_TEST", False) is True
    monkeypatch.setenv("X_TEST", "a, b")
    assert env.env_list("X_TEST", []) == ["a", "b"]


_READ = re.compile(
    r"""\benv_\w+\(\s*["']([A-Z][A-Z0-9_]*)["']|os\.environ(?:\.get)?\(\s*["']([A-Z][A-Z0-9_]*)["']|os\.environ\[["']([A-Z][A-Z0-9_]*)["']\]|\$\(([A-Z][A-Z0-9_]*)\)"""
)
# Read by tools rather than by the app: Django's own module switch and the Makefile's venv.
_NOT_SETTINGS = {
    "DJANGO_SETTINGS_MODULE",
    "BIN",
    "VENV",
    "PYTHON",
    "STAMP",
    "MAKE",
    "TEST_DATABASE_URL",
}


def variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    files = [
        *ROOT.glob("config/**/*.py"),
        *ROOT.glob("techfluency/**/*.py"),
        ROOT / "Makefile",
        *ROOT.glob("bench/*.py"),
    ]
    for path in files:
        for match in _READ.finditer(path.read_text(encoding="utf-8")):
            names.add(next(group for group in match.groups() if group))
    return names - _NOT_SETTINGS


def test_every_variable_the_code_reads_is_in_env_example():
    documented = set(
        re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    read = variables_read_by_the_code()
    assert {"SECRET_KEY", "DATABASE_URL", "PORT"} <= read, read  # the scan finds what it should
    assert read - documented == set()


def test_every_documented_variable_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    documented = re.findall(
        r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE
    )
    assert [name for name in documented if f"`{name}`" not in readme] == []


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never would.
    unwanted = {"DATABASE_URL", "DEBUG", "PRODUCTION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "PRODUCTION": "true",
    "SECRET_KEY": "k" * 20 + "3Xf9!pQz$Lm#2Rt&Vb8*Yh^Nc5@Wd7%Ge4+Js6=Ka1~",
    "ALLOWED_HOSTS": "learn.example.com",
}


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_manage("check", PRODUCTION="true")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_nonsense_in_a_variable_stops_start_up_with_its_name():
    result = run_manage("check", LOGIN_LIMIT_PER_IP="lots")
    assert result.returncode != 0
    assert "LOGIN_LIMIT_PER_IP='lots' is not a whole number" in result.stderr
