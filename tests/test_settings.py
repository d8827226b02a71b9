import pytest

from reviewkit.errors import ConfigError
from reviewkit.settings import NCBI_EUTILS_URL, Settings


def test_defaults_point_at_ncbi_with_no_identity():
    settings = Settings.from_env({})
    assert settings.eutils_url == NCBI_EUTILS_URL
    assert settings.ncbi_email is None
    assert not settings.live_requested


def test_environment_fills_every_setting():
    settings = Settings.from_env(
        {
            "NCBI_EMAIL": "team@example.org",
            "NCBI_API_KEY": "k3y",
            "NCBI_TOOL": "rk",
            "REVIEWKIT_EUTILS_URL": "http://127.0.0.1:9/entrez/eutils",
            "REVIEWKIT_DATABASE_URL": "postgresql+psycopg://u@h/db",
        }
    )
    assert settings.live_requested
    assert settings.ncbi_api_key == "k3y"
    assert settings.eutils_url == "http://127.0.0.1:9/entrez/eutils/"
    assert settings.database_url == "postgresql+psycopg://u@h/db"


def test_the_api_key_never_appears_in_repr():
    assert "s3cret" not in repr(Settings.from_env({"NCBI_API_KEY": "s3cret"}))


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"NCBI_EMAIL": "nobody"}, "NCBI_EMAIL"),
        ({"NCBI_TOOL": "my tool"}, "NCBI_TOOL"),
        ({"REVIEWKIT_EUTILS_URL": "ftp://x"}, "REVIEWKIT_EUTILS_URL"),
    ],
)
def test_bad_values_are_named(env, fragment):
    with pytest.raises(ConfigError, match=fragment):
        Settings.from_env(env)
