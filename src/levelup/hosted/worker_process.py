"""Imported by each of Dramatiq's worker processes (`levelup worker` starts them): the broker and
the grading actor, configured from the environment."""

from __future__ import annotations

import dramatiq

from levelup.hosted.config import QueueSettings
from levelup.hosted.grading import GradingWorker, connect, declare_grading_actor, make_broker
from levelup.settings import Settings

queue = QueueSettings.from_environment()
client = connect(queue)
broker = make_broker(queue, client)
dramatiq.set_broker(broker)
grade_check = declare_grading_actor(broker, GradingWorker(Settings.from_environment(), queue, client).grade)
