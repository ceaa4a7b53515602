"""What the bot remembers between deliveries: the events it has handled (in memory or Redis) and what was
said in its threads."""
