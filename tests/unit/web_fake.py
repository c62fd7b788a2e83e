"""A page service without a database, for the web unit tests: real tokens, real form check."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import timedelta

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.rating_tokens import RatingClaims, TokenError, expires_at, peek, sign, verify
from desk_client.core.ratings import RatingForm, ValidRating, check_form
from desk_client.services.dto_ratings import RatingPageState, RatingReceipt

HALL = "demo"
HALL_NAME = "思明区政务服务中心"


@dataclass
class FakePages:
    clock: FakeClock
    secret: bytes = b"k" * 32
    stored: dict[str, ValidRating] = field(default_factory=dict)
    down: bool = False

    def code(self, window: int = 3, visit: str = "", days: int = 7) -> str:
        visit = visit or f"{len(self.stored) + 1:032x}"
        expires = int((self.clock.now() + timedelta(days=days)).timestamp())
        return sign(RatingClaims(HALL, visit, window, "S001", "", "", expires), self.secret)

    def _claims(self, token: str) -> RatingClaims:
        if self.down:
            raise DeskError("central.unreachable")
        return verify(token, [self.secret], int(self.clock.now().timestamp()), HALL)

    def state(self, token: str) -> RatingPageState:
        try:
            claims = self._claims(token)
        except TokenError as error:
            if error.kind != "expired":
                return RatingPageState(error.kind, HALL_NAME, 0, None)
            claims = peek(token)
            return RatingPageState("expired", HALL_NAME, claims.window, expires_at(claims))
        status = "used" if claims.visit in self.stored else "ok"
        return RatingPageState(status, HALL_NAME, claims.window, expires_at(claims))

    def submit(self, token: str, form: RatingForm) -> RatingReceipt:
        claims = self._claims(token)
        rating = check_form(form)
        if claims.visit in self.stored:
            raise DeskError("rating.token_used")
        self.stored[claims.visit] = rating
        return RatingReceipt(len(self.stored), claims.visit, rating.overall, rating.bad, None)

    def csrf_key(self, hall_code: str) -> bytes:
        if self.down:
            raise DeskError("central.unreachable")
        return hmac.new(self.secret, b"csrf|" + hall_code.encode(), hashlib.sha256).digest()
