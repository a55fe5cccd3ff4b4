// The profile manager: the built-in sandbox profile (read-only) and the user's real-org profiles, kept
// current through `profiles.changed`, and the AI customer's model settings, which every profile shares. Secrets
// are write-only: the page sends one and afterwards only ever sees "set" or "not set".
import { useState } from 'react';
import type { AppInfo, Profile } from '../../../shared/contract';
import { CUSTOM_REGION_ID, REGIONS } from '../../../shared/regions';
import { useProfiles } from '../data/use-profiles';
import { ConnectionTest } from './ConnectionTest';
import { OpenMessagingSetup } from './OpenMessagingSetup';
import { ProfileEditor } from './ProfileEditor';
import { draftOf, EMPTY_DRAFT } from './profile-draft';
import { ProfileFiles } from './ProfileFiles';
import { AI_CUSTOMER_SECTION, AiModelSettings } from './AiModelSettings';

export function ProfilesScreen({ info, initialProfileId }: { info: AppInfo | null; initialProfileId?: string }) {
  const { profiles, error: loadError } = useProfiles();
  const [selectedId, setSelectedId] = useState<string | 'new'>(initialProfileId ?? 'sandbox');
  /** The profile just created: its editor opens with the "saved" confirmation still showing. */
  const [justCreated, setJustCreated] = useState<string | null>(null);

  const selected = profiles.find((profile) => profile.id === selectedId);

  return (
    <div className="workspace">
      <aside className="sidebar">
        <div className="sidebar-header">
          <h1>Profiles</h1>
          <button type="button" className="primary" onClick={() => setSelectedId('new')}>
            Add profile
          </button>
        </div>
        {loadError && <p role="alert" className="error">{loadError.message}</p>}
        <ul className="profile-list" aria-label="Profiles">
          {profiles.map((profile) => (
            <li key={profile.id}>
              <button
                type="button"
                className="profile-item"
                aria-current={profile.id === selectedId ? 'true' : undefined}
                onClick={() => setSelectedId(profile.id)}
              >
                <span className="profile-name">{profile.name}</span>
                <span className="profile-meta">
                  {profile.builtIn
                    ? 'Built in · local sandbox'
                    : profile.region === CUSTOM_REGION_ID
                      ? `Custom · ${profile.customHost}`
                      : REGIONS.find((region) => region.id === profile.region)?.name}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <ul className="profile-list profile-list-more" aria-label="For every profile">
          <li>
            <button
              type="button"
              className="profile-item"
              aria-current={selectedId === AI_CUSTOMER_SECTION ? 'true' : undefined}
              onClick={() => setSelectedId(AI_CUSTOMER_SECTION)}
            >
              <span className="profile-name">AI customer</span>
              <span className="profile-meta">The model that can play the guest</span>
            </button>
          </li>
        </ul>
        <ProfileFiles />
      </aside>
      <section className="detail" aria-label="Profile details">
        {selectedId === AI_CUSTOMER_SECTION ? (
          <AiModelSettings protection={info?.secretProtection} />
        ) : selectedId === 'new' ? (
          <ProfileEditor
            key="new"
            draft={EMPTY_DRAFT}
            onSaved={(profile) => {
              setJustCreated(profile.id);
              setSelectedId(profile.id);
            }}
            onRemoved={() => setSelectedId('sandbox')}
          />
        ) : selected?.builtIn ? (
          <SandboxProfile profile={selected} info={info} />
        ) : selected ? (
          <ProfileEditor
            key={selected.id}
            draft={draftOf(selected)}
            announceSaved={justCreated === selected.id}
            onSaved={(profile) => setSelectedId(profile.id)}
            onRemoved={() => setSelectedId('sandbox')}
          />
        ) : (
          <p className="muted">Choose a profile.</p>
        )}
      </section>
    </div>
  );
}

function SandboxProfile({ profile, info }: { profile: Profile; info: AppInfo | null }) {
  return (
    <div className="form">
      <h2>{profile.name}</h2>
      <p className="muted">
        The built-in sandbox is a local look-alike of Genesys Cloud with scripted agents. It is always here, needs no
        org or network, and uses fixed demo credentials.
      </p>
      <dl className="facts">
        <dt>Web Messaging deployment</dt>
        <dd>{profile.webMessaging.deploymentId}</dd>
        <dt>Open Messaging integration</dt>
        <dd>{profile.openMessaging.integrationId}</dd>
        <dt>Address</dt>
        <dd>{info?.sandbox?.baseUrl ?? '—'}</dd>
      </dl>
      <ConnectionTest profileId={profile.id} />
      <OpenMessagingSetup profileId={profile.id} isSandbox integrationId={profile.openMessaging.integrationId} />
    </div>
  );
}
