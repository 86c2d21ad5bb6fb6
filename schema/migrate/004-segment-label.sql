-- 3 -> 4: the label a text dump printed a segment register under, where
-- it is not the register's own (xen-hvmctx's swapped ds/es lines).
ALTER TABLE snapshot_segment ADD COLUMN source_label TEXT;
