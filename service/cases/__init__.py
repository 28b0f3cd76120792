"""Cases: intake, the liste d'accompagnement, the référent and the life cycle."""
