// Recording fakes of the two Twilio SDK entry points the web client calls — twilio-video's
// `connect` and @twilio/live-player-sdk's `Player` — for browser tests. installTwilioFakes(page)
// defines window.__livegrpcTwilioFakes before the page's scripts run; the client's SDK loader
// (web-client/src/media/twilio/sdk.ts) then uses these instead of importing the real SDKs.
//
// The fakes behave like the SDKs as far as the pages can tell: connect resolves with a Room
// whose events have the SDK's names and arguments; a viewer's room holds a host whose tracks are
// real MediaStreamTracks (a moving canvas and a tone), attached to the page's element the way
// twilio-video's attach() does; the Live Player goes Idle → Ready, plays on play(), and its
// state events carry Player.State's values. Tests read what was called from `recorded` and make
// the SDKs emit events with the room and player controls below.

/** Installs the fakes in `page` (before navigation). */
export async function installTwilioFakes(page, { viewerRoomHasHost = true } = {}) {
  await page.addInitScript(twilioFakesInPage, { viewerRoomHasHost });
}

/** What the page has called so far: { videoConnects, playerConnects, published, unpublished }. */
export function recordedTwilioCalls(page) {
  return page.evaluate(() => window.__livegrpcTwilioFakes.recorded);
}

/** Runs `action(room, fakes)` on the last room the page connected to, in the page. */
export function inLastRoom(page, action) {
  return page.evaluate(`(${action})(window.__livegrpcTwilioFakes.rooms.at(-1), window.__livegrpcTwilioFakes)`);
}

/** Runs `action(player, fakes)` on the last Live Player the page connected, in the page. */
export function inLastPlayer(page, action) {
  return page.evaluate(`(${action})(window.__livegrpcTwilioFakes.players.at(-1), window.__livegrpcTwilioFakes)`);
}

/** Serialised into the page by addInitScript: everything it uses is defined inside it. */
function twilioFakesInPage({ viewerRoomHasHost }) {
  const recorded = { videoConnects: [], playerConnects: [], published: [], unpublished: [] };
  const describeTrack = (track) => (track ? { kind: track.kind, id: track.id, label: track.label, readyState: track.readyState } : null);

  class Emitter {
    constructor() {
      this.listeners = new Map();
    }
    on(event, listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event, ...args) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }

  /** A moving picture (a bar sweeping over `colour`) and a tone: what a remote host would send. */
  function syntheticMedia(colour) {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 180;
    const context = canvas.getContext('2d');
    let x = 0;
    const draw = () => {
      context.fillStyle = colour;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.fillStyle = 'white';
      context.fillRect(x, 0, 40, canvas.height);
      x = (x + 8) % canvas.width;
    };
    draw();
    setInterval(draw, 50);
    const video = canvas.captureStream(20).getVideoTracks()[0];
    const audioContext = new AudioContext();
    const tone = audioContext.createOscillator();
    const destination = audioContext.createMediaStreamDestination();
    tone.connect(destination);
    tone.start();
    const audio = destination.stream.getAudioTracks()[0];
    return { video, audio };
  }

  /** twilio-video's attach()/detach() on an existing element: one MediaStream, one track per kind. */
  class FakeRemoteTrack extends Emitter {
    constructor(mediaStreamTrack, sid) {
      super();
      this.mediaStreamTrack = mediaStreamTrack;
      this.kind = mediaStreamTrack.kind;
      this.sid = sid;
      this.name = mediaStreamTrack.id;
      this.attachments = new Set();
    }
    attach(element) {
      const stream = element.srcObject instanceof MediaStream ? element.srcObject : new MediaStream();
      for (const track of this.kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()) stream.removeTrack(track);
      stream.addTrack(this.mediaStreamTrack);
      element.srcObject = stream;
      element.autoplay = true;
      element.playsInline = true;
      this.attachments.add(element);
      return element;
    }
    detach(element) {
      const elements = element ? [element] : [...this.attachments];
      for (const each of elements) {
        if (each.srcObject instanceof MediaStream) each.srcObject.removeTrack(this.mediaStreamTrack);
        this.attachments.delete(each);
      }
      return element ?? elements;
    }
  }

  class FakeParticipant extends Emitter {
    constructor(sid, identity) {
      super();
      this.sid = sid;
      this.identity = identity;
      this.state = 'connected';
      this.tracks = new Map();
    }
  }

  let nextSid = 1;
  const sid = (prefix) => `${prefix}${String(nextSid++).padStart(32, '0')}`;

  class FakeRoom extends Emitter {
    constructor(name, localIdentity) {
      super();
      this.name = name;
      this.sid = sid('RM');
      this.state = 'connected';
      this.participants = new Map();
      this.host = null;
      const room = this;
      this.localParticipant = {
        identity: localIdentity,
        sid: sid('PA'),
        tracks: new Map(),
        async publishTrack(track) {
          recorded.published.push(describeTrack(track));
          return { track, trackSid: sid('MT') };
        },
        unpublishTrack(track) {
          recorded.unpublished.push(describeTrack(track));
          return { track };
        },
        unpublishTracks(tracks) {
          return tracks.map((track) => room.localParticipant.unpublishTrack(track));
        },
      };
    }

    disconnect() {
      if (this.state === 'disconnected') return this;
      this.state = 'disconnected';
      this.emit('disconnected', this, null);
      return this;
    }

    // --- Controls for tests: make the room do what Twilio would. ---

    /** The host joins and its camera and microphone are subscribed (publications first, subscriptions a moment later, as in the SDK). */
    addHost(colour = 'rgb(200, 30, 30)') {
      const host = new FakeParticipant(sid('PA'), 'host');
      const media = syntheticMedia(colour);
      const tracks = [new FakeRemoteTrack(media.video, sid('MT')), new FakeRemoteTrack(media.audio, sid('MT'))];
      for (const track of tracks) host.tracks.set(track.sid, { trackSid: track.sid, kind: track.kind, track: null, isSubscribed: false });
      this.participants.set(host.sid, host);
      this.host = host;
      this.emit('participantConnected', host);
      setTimeout(() => {
        for (const track of tracks) this.subscribe(host, track);
      }, 30);
      return host.sid;
    }

    subscribe(participant, track) {
      participant.tracks.set(track.sid, { trackSid: track.sid, kind: track.kind, track, isSubscribed: true });
      this.emit('trackSubscribed', track, participant.tracks.get(track.sid), participant);
    }

    /** The host's track of `kind` stops reaching us (unpublished, or switched off). */
    unsubscribeHostTrack(kind) {
      const publication = [...this.host.tracks.values()].find((each) => each.kind === kind && each.track);
      const { track } = publication;
      this.host.tracks.delete(publication.trackSid);
      this.emit('trackUnsubscribed', track, { ...publication, track: null, isSubscribed: false }, this.host);
      return track;
    }

    /** The host publishes a new video track (what a switch to screen share looks like from here). */
    resubscribeHostVideo(colour = 'rgb(30, 160, 30)') {
      this.subscribe(this.host, new FakeRemoteTrack(syntheticMedia(colour).video, sid('MT')));
    }

    /** The host's participant leaves: its tracks are unsubscribed, then it disconnects. */
    removeHost() {
      const host = this.host;
      for (const publication of [...host.tracks.values()]) {
        if (publication.track) this.emit('trackUnsubscribed', publication.track, { ...publication, track: null }, host);
      }
      host.tracks.clear();
      host.state = 'disconnected';
      this.participants.delete(host.sid);
      this.emit('participantDisconnected', host);
    }

    reconnecting(code = 53001, message = 'Signaling connection disconnected') {
      this.state = 'reconnecting';
      this.emit('reconnecting', Object.assign(new Error(message), { code }));
    }

    reconnected() {
      this.state = 'connected';
      this.emit('reconnected');
    }

    /** Twilio ends our connection: 53118 when the room was completed, anything else when it was lost. */
    end(code = 53118, message = 'Room completed') {
      this.state = 'disconnected';
      this.emit('disconnected', this, Object.assign(new Error(message), { code }));
    }
  }

  const PlayerState = { Buffering: 'buffering', Ended: 'ended', Idle: 'idle', Playing: 'playing', Ready: 'ready' };
  const PlayerEvent = { StateChanged: 'stateChanged', Error: 'error', VolumeChanged: 'volumeChanged' };

  class FakeLivePlayer extends Emitter {
    constructor() {
      super();
      this.state = PlayerState.Idle;
      this.videoElement = document.createElement('video');
      this.media = syntheticMedia('rgb(30, 30, 200)');
      this.muted = false;
      this.playCalls = 0;
      // Like the SDK: Idle while it loads the stream, then Ready.
      setTimeout(() => this.become(PlayerState.Ready), 30);
    }
    get isMuted() {
      return this.muted;
    }
    set isMuted(muted) {
      this.muted = muted;
      this.videoElement.muted = muted;
      this.emit(PlayerEvent.VolumeChanged, muted ? 0 : 1);
    }
    attach(element) {
      element.srcObject = new MediaStream([this.media.video, this.media.audio]);
      element.muted = this.muted;
      this.videoElement = element;
      return this;
    }
    play() {
      this.playCalls++;
      if (this.state === PlayerState.Ready || this.state === PlayerState.Idle) {
        void this.videoElement.play().catch(() => {});
        this.become(PlayerState.Playing);
      }
      return this;
    }
    disconnect() {
      if (this.state !== PlayerState.Ended) this.become(PlayerState.Ended);
      this.listeners.clear();
      return this;
    }
    // --- Controls for tests. ---
    become(state) {
      this.state = state;
      this.emit(PlayerEvent.StateChanged, state);
    }
    fail(code = 56010, message = 'There is no source for the Player to play') {
      this.emit(PlayerEvent.Error, Object.assign(new Error(message), { code }));
      this.become(PlayerState.Ended);
    }
  }

  const fakes = {
    recorded,
    rooms: [],
    players: [],
    video: {
      async connect(token, options) {
        recorded.videoConnects.push({
          token,
          options: { ...options, tracks: (options.tracks ?? []).map(describeTrack) },
        });
        const room = new FakeRoom(options.name, 'me');
        fakes.rooms.push(room);
        // A viewer (publishing nothing) finds the host already in the room.
        if (viewerRoomHasHost && (options.tracks ?? []).length === 0) setTimeout(() => room.addHost(), 30);
        return room;
      },
    },
    livePlayer: {
      Player: {
        isSupported: true,
        State: PlayerState,
        Event: PlayerEvent,
        async connect(token, options) {
          recorded.playerConnects.push({ token, options: { ...options } });
          const player = new FakeLivePlayer();
          fakes.players.push(player);
          return player;
        },
      },
    },
  };
  window.__livegrpcTwilioFakes = fakes;
}
