import { ChecksummedToken } from '../access/checksummed-token';

/** `lbi_` + 32 random base62 characters + 6 of their CRC32: the last part of `/join/<token>`. */
export const INVITATION_TOKEN = new ChecksummedToken('lbi_');
