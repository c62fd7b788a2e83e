"""The central database (PostgreSQL, MariaDB/MySQL or embedded SQLite) and the local store."""
