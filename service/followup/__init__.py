"""What follows a synthèse: minutes, the shared action plan, evaluation dates, closure, retention and
the steering committee's figures."""
