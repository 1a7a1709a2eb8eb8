import { ChecksummedToken } from '../access/checksummed-token';

/** `lbs_` + 32 random base62 characters + 6 of their CRC32: the last part of `/s/<token>`. */
export const SHARE_LINK_TOKEN = new ChecksummedToken('lbs_');
