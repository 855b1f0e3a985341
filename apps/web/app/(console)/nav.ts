/** The console's sections, in menu order. */
export const NAV_LINKS: ReadonlyArray<{ href: string; label: string }> = [{ href: "/", label: "Overview" }];
