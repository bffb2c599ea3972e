"""``rasa``, with one speed fix: each JSON schema is checked once, not on every custom action.

After every custom action, Rasa Open Source 3.6 checks the action server's answer with
``jsonschema.validate(answer, schema)``. That function first checks the *schema itself* against
the JSON Schema 2020-12 meta-schema, again on every call: about 70 ms of CPU per custom action
with the pinned jsonschema 4.17 (Rasa 3.6 requires < 4.18), which is most of what a message
costs (a form turn calls two actions). Here ``jsonschema.validate`` is replaced, in this
process only, by the same function with that schema check and the validator built once per
distinct schema; every answer is still validated in full, with the same errors. Nothing in
Rasa's source changes; the command line is ``rasa``'s.

Usage: ``python -m serving.rasa_server run --model models/ask-amy.tar.gz ...`` (any ``rasa``
arguments). It is off unless ``RASA_SCHEMA_CACHE=true``: the served default and the benchmark figures
are plain Rasa, so that they are reached by configuration and design, not by patching.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable, Dict, Optional, Tuple

MAX_SCHEMAS = 64


def install() -> Callable[..., None]:
    """Replace ``jsonschema.validate`` by the caching version; return the original."""
    import jsonschema
    from jsonschema import exceptions, validators

    original = jsonschema.validate
    if getattr(original, "schema_cache", False):
        return original
    built: Dict[Tuple[str, Any], Any] = {}

    def validate(instance: Any, schema: Any, cls: Optional[type] = None, *args: Any, **kwargs: Any) -> None:
        """``jsonschema.validate``, checking each schema (and building its validator) only once."""
        if args or kwargs:
            return original(instance, schema, cls, *args, **kwargs)
        try:
            key = (json.dumps(schema, sort_keys=True), cls)
        except (TypeError, ValueError):
            return original(instance, schema, cls)
        validator = built.get(key)
        if validator is None:
            klass = cls or validators.validator_for(schema)
            klass.check_schema(schema)
            validator = klass(schema)
            if len(built) < MAX_SCHEMAS:
                built[key] = validator
        error = exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error
        return None

    validate.schema_cache = True  # type: ignore[attr-defined]
    jsonschema.validate = validate
    jsonschema.validators.validate = validate
    return original


def main() -> int:
    """Run the ``rasa`` command line."""
    if os.environ.get("RASA_SCHEMA_CACHE", "false").lower() in ("1", "true", "yes", "on"):
        install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
