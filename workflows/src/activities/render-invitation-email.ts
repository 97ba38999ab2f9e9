export interface InvitationEmailData {
  id: string;
  /** The address it goes to. */
  email: string;
  orgName: string;
  invitedByName: string | null;
  expiresAt: Date;
}

/** The email's only links: pages of the dashboard, where the signed-in invitee answers. */
export function invitationLinks(webPublicUrl: string, invitationId: string) {
  const page = `${webPublicUrl.replace(/\/+$/, '')}/invitations`;
  const id = encodeURIComponent(invitationId);
  return { accept: `${page}?accept=${id}`, decline: `${page}?decline=${id}` };
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);

/**
 * Line breaks and other control characters of a name would start a new header
 * or line; bidirectional controls would reorder the words around it (a name
 * could turn "invited you" round, or show a different address), so they go.
 */
const oneLine = (s: string) =>
  s
    .replace(/\p{Bidi_Control}/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();

const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * The email that tells someone an organisation invited them. The organisation
 * and inviter names come from people, so they are put on one line and, in the
 * HTML part, escaped; every link is built from the dashboard's configured
 * address and the invitation id, nothing a person typed.
 */
export function renderInvitationEmail(
  invitation: InvitationEmailData,
  webPublicUrl: string,
): { subject: string; text: string; html: string } {
  const org = oneLine(invitation.orgName);
  const inviter = invitation.invitedByName ? oneLine(invitation.invitedByName) : '';
  const links = invitationLinks(webPublicUrl, invitation.id);
  const until = day.format(invitation.expiresAt);
  const who = inviter ? `${inviter} invited you` : 'You were invited';
  const subject = `${inviter || 'Someone'} invited you to join ${org} on Canopy`;
  const text = [
    'Hello,',
    '',
    `${who} to join ${org} on Canopy.`,
    '',
    `To answer, sign in to Canopy with this address (${invitation.email}) and accept or decline. The invitation is open until ${until}.`,
    '',
    `Accept:  ${links.accept}`,
    `Decline: ${links.decline}`,
    '',
    'Neither link answers for you: the page asks you to confirm. Nothing about you is shared with the organisation unless you accept, and it is not told if you decline.',
    '',
    'If you did not expect this, you can ignore this email.',
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>' + e(subject) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.5; color: #1b2a22">',
    '<p>Hello,</p>',
    `<p>${e(who)} to join <strong>${e(org)}</strong> on Canopy.</p>`,
    `<p>To answer, sign in to Canopy with this address (${e(invitation.email)}) and accept or decline. The invitation is open until ${e(until)}.</p>`,
    '<p>',
    `<a href="${e(links.accept)}" style="display: inline-block; padding: 0.5em 1em; background: #1f6f43; color: #fff; text-decoration: none; border-radius: 4px">Accept</a>`,
    '&nbsp;',
    `<a href="${e(links.decline)}" style="display: inline-block; padding: 0.5em 1em; border: 1px solid #1f6f43; color: #1f6f43; text-decoration: none; border-radius: 4px">Decline</a>`,
    '</p>',
    '<p style="color: #55665c">Neither link answers for you: the page asks you to confirm. Nothing about you is shared with the organisation unless you accept, and it is not told if you decline.</p>',
    '<p style="color: #55665c">If you did not expect this, you can ignore this email.</p>',
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
