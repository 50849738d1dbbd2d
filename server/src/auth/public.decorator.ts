import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Marks one of the few routes open without a token (sign-in, refresh, health). Everything else needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
