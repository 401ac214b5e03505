"""The Twilio caller simulator's parts: webhook and TwiML, Media Streams frames, playback, voice, the call."""
