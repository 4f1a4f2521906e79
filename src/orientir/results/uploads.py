"""Results and context files uploaded on the web, kept between preview and confirmation.

They lie under `results/pending/<user id>/<token>/<name>` in the default storage (lib/uploads.py).
"""

from __future__ import annotations

from orientir.lib.uploads import PendingStore

STORE = PendingStore("results/pending")
