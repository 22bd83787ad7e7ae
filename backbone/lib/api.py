"""What every router of the JSON API shares: the error bodies it documents, and input
schemas that refuse control characters the way the forms do."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    BaseModel,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from backbone.lib import privacy
from backbone.lib.text import control_character
from backbone.lib.validators import control_character_message


class ErrorOut(Schema):
    detail: str


class InvalidOut(Schema):
    """A refused input: each field's messages under its name (``values.0.indicator`` inside
    lists), ``__all__`` for what concerns the whole request."""

    detail: str
    errors: dict[str, list[str]]


# Every operation may answer these: 401 to the anonymous where the public may not read or
# write, 403 to a signed-in user the permission module refuses, 404 for what does not exist
# or is not theirs to see, 422 for input refused by the schema or by a service; and 400 to a
# body that is not JSON, where the operation takes one.
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}


def responses(ok: dict[int, Any], *, body: bool = False, **overrides: Any) -> dict[int, Any]:
    """``response=responses({200: OrganizationOut}, body=True)``: the answer plus the errors
    documented for every operation (400 too with ``body``); ``_422=RefusedOut`` replaces one."""
    errors = {400: ErrorOut, **ERRORS} if body else ERRORS
    return {**ok, **errors, **{int(code[1:]): schema for code, schema in overrides.items()}}


class RedactedOut(Schema):
    """An answer about a record with personal fields (backbone.lib.privacy): the record is read
    as the caller may see it, so each field they may not see is null, whatever the schema's
    own fields and resolvers read. Outside a request it is read as by nobody."""

    @model_validator(mode="wrap")
    @classmethod
    def _as_the_caller_may_see_it(cls, value: Any, handler: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, dict | BaseModel | DjangoGetter):
            request = (info.context or {}).get("request")
            value = privacy.redact(getattr(request, "auth", None), value)
        return handler(value)


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def unset() -> Any:
    """A field of a PATCH that may be left out but not set to null (it cannot be stored as
    null): ``name: str = unset()``. Read the payload with ``dict(exclude_unset=True)``."""
    return Field(None, json_schema_extra=_no_default)


def _check(value: Any, multiline: bool) -> None:
    if isinstance(value, str):
        char = control_character(value, multiline=multiline)
        if char is not None:
            raise PydanticCustomError("control_character", control_character_message(char))
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item, multiline)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, False)
            _check(item, multiline)


class InputSchema(Schema):
    """A request body: every text in it (also inside lists and dicts) is refused when it
    carries a control character, naming the field; tab and line breaks are allowed in the
    fields listed in ``multiline``."""

    multiline: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        _check(value, info.field_name in cls.multiline)
        return value


def _param_text(value: str) -> str:
    _check(value, False)
    return value


# A text parameter of the query or the path (``q: ParamText = ""``), refused like a body's
# text (a NUL in a slug would otherwise reach PostgreSQL, which refuses it with an error).
ParamText = Annotated[str, AfterValidator(_param_text)]
