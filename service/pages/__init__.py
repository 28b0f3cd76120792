"""Server-rendered pages reached by signed links: no account, no password, nothing from a CDN."""
