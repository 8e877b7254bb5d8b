-- API keys of the public gateway. Only the SHA-256 hash of each secret is stored: the gateway generates a
-- 256-bit random secret, shows it once to the administrator and sends cka-service nothing but its hash.
-- A fast unsalted hash is right here, unlike for passwords: a 256-bit random secret cannot be guessed or found
-- in a dictionary, so slowing each guess down (bcrypt, scrypt, Argon2) or salting buys nothing, while a fast
-- hash lets every request be checked by one indexed lookup.
--
-- api_key   one key: its display name, the hash it is recognised by, and when it was made, last used, revoked

CREATE TABLE api_key (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash  bytea       NOT NULL CHECK (length(secret_hash) = 32),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_key_secret_hash_uq UNIQUE (secret_hash)
);

CREATE INDEX api_key_created_idx ON api_key (created_at, id);
