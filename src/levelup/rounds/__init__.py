"""The interview's other rounds: ML system design, safety & alignment, behavioural and
coding-discussion questions, each with follow-up probes and a rubric of weighted key points."""
