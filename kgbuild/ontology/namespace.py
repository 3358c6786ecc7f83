"""The kgbuild ontology as a closed rdflib namespace.

Generated from ontology/kgbuild.ttl by ``python -m kgbuild.ontology.codegen`` — do not edit.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """kgbuild ontology terms; an undeclared name raises AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/kgbuild/ontology#")

    Agent: URIRef  # Agent
    CapacityKinds: URIRef  # Capacity kinds
    CapacityStatuses: URIRef  # Capacity statuses
    Document: URIRef  # Document
    Event: URIRef  # Event
    EventTypes: URIRef  # Event types
    Evidence: URIRef  # Evidence
    Merge: URIRef  # Merge
    Organization: URIRef  # Organization
    Person: URIRef  # Person
    Place: URIRef  # Place
    Post: URIRef  # Post
    Project: URIRef  # Project
    Resolution: URIRef  # Resolution
    ResolutionTypes: URIRef  # Resolution types
    Role: URIRef  # Role
    RoleTypes: URIRef  # Role types
    abbreviation: URIRef  # abbreviation
    academicDegree: URIRef  # academic degree
    addressee: URIRef  # addressee
    adoptedAt: URIRef  # adopted at
    adoptedBy: URIRef  # adopted by
    agent: URIRef  # agent
    attendanceMode: URIRef  # attendance mode
    capacity: URIRef  # in capacity
    capacityFounder: URIRef  # founder
    capacityKind: URIRef  # kind of capacity
    capacityMembership: URIRef  # membership
    capacityOccupation: URIRef  # occupation
    capacityOwner: URIRef  # owner
    capacityPost: URIRef  # post
    capacityRank: URIRef  # rank
    capacityStatus: URIRef  # status of capacity
    charCount: URIRef  # character count
    containedIn: URIRef  # contained in
    contentItem: URIRef  # content item
    countText: URIRef  # count as written
    end: URIRef  # end offset
    endDate: URIRef  # end date
    event: URIRef  # event
    eventConference: URIRef  # conference
    eventCongress: URIRef  # congress
    eventForum: URIRef  # forum
    eventMeeting: URIRef  # meeting
    eventOther: URIRef  # event
    eventPlenarySession: URIRef  # plenary session
    eventRoundTable: URIRef  # round table
    eventSection: URIRef  # section
    eventSeminar: URIRef  # seminar
    eventSession: URIRef  # session
    eventType: URIRef  # event type
    evidence: URIRef  # evidence
    familyName: URIRef  # family name
    fileName: URIRef  # file name
    founderOf: URIRef  # founder of
    givenName: URIRef  # given name
    graphDigest: URIRef  # graph digest
    hasOccupation: URIRef  # has occupation
    headline: URIRef  # headline
    heldBy: URIRef  # held by
    holds: URIRef  # holds
    honorific: URIRef  # honorific
    inDocument: URIRef  # in document
    inferred: URIRef  # inferred
    initials: URIRef  # initials
    initiatedBy: URIRef  # initiated by
    kindText: URIRef  # kind as written
    language: URIRef  # language
    memberOf: URIRef  # member of
    mergeReason: URIRef  # merge reason
    mergedEntity: URIRef  # merged entity
    mergedMention: URIRef  # merged mention
    origin: URIRef  # origin
    originCountry: URIRef  # country of origin
    outcomeAgreement: URIRef  # agreement
    outcomeAppeal: URIRef  # appeal
    outcomeDeclaration: URIRef  # declaration
    outcomeDecree: URIRef  # decree
    outcomeFollowUp: URIRef  # announced follow-up
    outcomeMemorandum: URIRef  # memorandum
    outcomeRecommendations: URIRef  # recommendations
    outcomeResolution: URIRef  # resolution
    partNumber: URIRef  # part number
    participantCount: URIRef  # participant count
    participantCountry: URIRef  # participants' country
    party: URIRef  # party
    patronymic: URIRef  # patronymic
    place: URIRef  # place
    postIn: URIRef  # post in
    published: URIRef  # published
    quote: URIRef  # quote
    region: URIRef  # region
    resolutionType: URIRef  # resolution type
    roleMentioned: URIRef  # mentioned
    roleModerator: URIRef  # moderator
    roleOrganizer: URIRef  # organizer
    roleParticipant: URIRef  # participant
    roleSpeaker: URIRef  # speaker
    roleSupporter: URIRef  # supporter
    roleType: URIRef  # role type
    sha256: URIRef  # SHA-256
    sourceUrl: URIRef  # source URL
    speakerCount: URIRef  # speaker count
    start: URIRef  # start offset
    startDate: URIRef  # start date
    statusActing: URIRef  # acting
    statusCurrent: URIRef  # current
    statusFormer: URIRef  # former
    subEventOf: URIRef  # part of event
    subOrganizationOf: URIRef  # sub-organization of
