"""The directory: institutions and their sites, professionals and their hours, rooms."""
