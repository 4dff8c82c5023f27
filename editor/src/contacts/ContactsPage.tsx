// The Contacts tab: the list at /contacts, a contact's page at /contacts/<id>.
import { match, usePath } from '../router.js';
import { ContactPage } from './ContactPage.js';
import { ContactsList } from './ContactsList.js';
import './contacts.css';

export function ContactsPage({ role }: { role: 'supervisor' | 'operator' }) {
  const path = usePath();
  const one = match('/contacts/:id', path);
  return one ? <ContactPage key={one.id} contactId={one.id} role={role} /> : <ContactsList />;
}
