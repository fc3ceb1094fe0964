"""What operators see: metrics, health, logs and the unanswered-questions log. Renders nothing
for users."""
