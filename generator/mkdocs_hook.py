"""The one thin plug from mkdocs.yml into the generator: regenerate docs/ before MkDocs
reads it, and index the built site for search afterwards. No logic lives here."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # works without `pip install -e .`

from mkdocs.exceptions import PluginError  # noqa: E402

from generator import build  # noqa: E402
from generator.config import SiteConfig  # noqa: E402
from generator.problems import ContentError  # noqa: E402


def on_config(config):
    if not os.environ.get(build.SKIP_ENV):
        try:
            build.generate(SiteConfig.load(Path(config.config_file_path).parent), Path(config.docs_dir))
        except ContentError as err:
            raise PluginError(str(err)) from None
    return config


def on_post_build(config):
    if not os.environ.get(build.SKIP_ENV):
        build.search_index(Path(config.site_dir))
