-- A unit whose extractor stayed unavailable through all retries goes back to PENDING instead of failing its
-- experiment: not_before holds it back until the next try, outage_since records when the outage began, so that
-- the experiment fails only once the extractor has been unavailable for longer than mossa.cka.outage-timeout.
ALTER TABLE work_unit
    ADD COLUMN not_before   timestamptz,
    ADD COLUMN outage_since timestamptz;
