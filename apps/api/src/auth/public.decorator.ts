import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'lightbox:public';

/** Opens a route to anonymous callers. Credentials, if sent and valid, still attach the principal. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
