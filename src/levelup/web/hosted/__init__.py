"""Hosted mode's web face, served by `levelup server`: `create_hosted_app(settings, runner)`
(levelup.web.hosted.app), its sign-in and role checks (auth), the admin and invite pages, and the
review pages (review_routes)."""
