"""desk-rating: the citizen's rating page (好差评), a small Starlette application.

It talks to ``services.rating_page`` only; the page works without JavaScript and shows neither
the citizen's data nor the staff member's name.
"""
