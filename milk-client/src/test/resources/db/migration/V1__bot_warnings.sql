-- The bot's own schema, at Flyway's default location: the only migration its Flyway may find.
CREATE TABLE bot_warning (id bigint PRIMARY KEY, reason text NOT NULL);
