"""The hosted face: `create_hosted_app(settings, runner)` (levelup.web.hosted.app), its sign-in and
role checks (auth), and the admin and invite pages."""
