"""Reads behind the dashboards, one module per dashboard: `hall_today` (a hall manager's day) and `me` (a staff
member's own page). Each returns plain, JSON-ready data already scoped to the user (visible_to), in a fixed
number of queries whatever the number of tickets, shifts or presses."""
