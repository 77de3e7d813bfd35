"""The HA link: protocol v1 between the Home Assistant integration and the hub, over one WebSocket."""
