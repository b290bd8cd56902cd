-- The rest of Discord's message model (issue 27). Every part is optional: a message without one
-- leaves its column null. Voice messages, super reactions and select options need no column: they
-- travel inside the attachments and reactions already stored as jsonb.
ALTER TABLE archive_message
    ADD COLUMN flags          integer,  -- Discord's message flags (suppressed embeds, ephemeral, silent, voice, components v2)
    ADD COLUMN components     jsonb,    -- action rows, or a components-v2 message's containers, sections, texts and media
    ADD COLUMN author_extras  jsonb,    -- roleColors (gradient), roleIcon, primaryGuild (server tag)
    ADD COLUMN interaction    jsonb,    -- interactionMetadata: who used which command
    ADD COLUMN system_details jsonb;    -- autoModeration (type 24) and pollResult (type 46)
